package fleet.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Flags valid for every command, before or after its name. Each can also come from
 * {@code FLEETCTL_<FLAG>} (see {@link EnvDefaults}); a flag wins over the environment.
 */
public final class GlobalOptions {
    // the built-in defaults, also read by PlainArgs, which fills these fields without picocli
    static final String DEFAULT_ENDPOINT = "unix:///var/run/fleet.sock";
    static final String DEFAULT_REQUEST_TIMEOUT = "3.0";
    static final String DEFAULT_SSH_USERNAME = "core";
    static final String DEFAULT_SSH_TIMEOUT = "10.0";
    static final String DEFAULT_STRICT_HOST_KEY_CHECKING = "true";
    static final String DEFAULT_KNOWN_HOSTS_FILE = "~/.fleetctl/known_hosts";

    @Option(names = "--endpoint", scope = ScopeType.INHERIT, defaultValue = DEFAULT_ENDPOINT,
            paramLabel = "URL", description = "fleet API: unix:///path, http://host:port or https://host:port "
                    + "(default: ${DEFAULT-VALUE})")
    public String endpoint;

    @Option(names = "--request-timeout", scope = ScopeType.INHERIT, defaultValue = DEFAULT_REQUEST_TIMEOUT, paramLabel = "SECONDS",
            description = "Timeout of each API request, in seconds (default: ${DEFAULT-VALUE})")
    public double requestTimeout;

    @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM CA certificates to verify an https endpoint with")
    public Path caFile;

    @Option(names = "--cert-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM client certificate for an https endpoint")
    public Path certFile;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM private key of the client certificate")
    public Path keyFile;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print HTTP requests to stderr")
    public boolean debug;

    @Option(names = "--ssh-username", scope = ScopeType.INHERIT, defaultValue = DEFAULT_SSH_USERNAME, paramLabel = "USER",
            description = "User of ssh (default: ${DEFAULT-VALUE})")
    public String sshUsername;

    @Option(names = "--ssh-timeout", scope = ScopeType.INHERIT, defaultValue = DEFAULT_SSH_TIMEOUT, paramLabel = "SECONDS",
            description = "Timeout of ssh's connection setup, in seconds (default: ${DEFAULT-VALUE})")
    public double sshTimeout;

    @Option(names = "--strict-host-key-checking", scope = ScopeType.INHERIT, defaultValue = DEFAULT_STRICT_HOST_KEY_CHECKING, arity = "0..1",
            paramLabel = "BOOL", description = "Check host keys against the known-hosts file (default: ${DEFAULT-VALUE})")
    public boolean strictHostKeyChecking;

    @Option(names = "--known-hosts-file", scope = ScopeType.INHERIT, defaultValue = DEFAULT_KNOWN_HOSTS_FILE,
            paramLabel = "FILE", description = "Known hosts of ssh (default: ${DEFAULT-VALUE})")
    public String knownHostsFile;

    @Option(names = "--tunnel", scope = ScopeType.INHERIT, paramLabel = "HOST[:PORT]",
            description = "Reach the API through ssh to HOST, which runs fleetctl fd-forward on the endpoint's unix socket")
    public String tunnel;

    /** Global option names that have an environment form. */
    static final java.util.Set<String> NAMES = java.util.Set.of("--endpoint", "--request-timeout", "--ca-file",
            "--cert-file", "--key-file", "--debug", "--ssh-username", "--ssh-timeout", "--strict-host-key-checking",
            "--known-hosts-file", "--tunnel");

    /** The environment variable of a long option: {@code --ca-file} → {@code FLEETCTL_CA_FILE}. */
    public static String envName(String option) {
        String name = option.startsWith("--") ? option.substring(2) : option; // no regex: a cold start compiles each
        return "FLEETCTL_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
