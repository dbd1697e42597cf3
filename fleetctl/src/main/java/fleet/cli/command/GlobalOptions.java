package fleet.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Flags valid for every command, before or after its name. Each can also come from
 * {@code FLEETCTL_<FLAG>} (see {@link EnvDefaults}); a flag wins over the environment.
 */
public final class GlobalOptions {
    @Option(names = "--endpoint", scope = ScopeType.INHERIT, defaultValue = "unix:///var/run/fleet.sock",
            paramLabel = "URL", description = "fleet API: unix:///path, http://host:port or https://host:port "
                    + "(default: ${DEFAULT-VALUE})")
    public String endpoint;

    @Option(names = "--request-timeout", scope = ScopeType.INHERIT, defaultValue = "3.0", paramLabel = "SECONDS",
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

    /** Global option names that have an environment form. */
    static final java.util.Set<String> NAMES = java.util.Set.of("--endpoint", "--request-timeout", "--ca-file",
            "--cert-file", "--key-file", "--debug");

    /** The environment variable of a long option: {@code --ca-file} → {@code FLEETCTL_CA_FILE}. */
    public static String envName(String option) {
        return "FLEETCTL_" + option.replaceFirst("^--", "").toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
