package fleet.cli.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of OpenSSH's {@code ssh} for {@code fleetctl ssh}: flags and the machine's address in,
 * argv out. The system client is used so the user's ssh config, keys and agent apply.
 */
public record SshArgv(String user, int port, boolean forwardAgent, boolean strictHostKeyChecking,
        String knownHostsFile, double timeoutSeconds, String host, List<String> command) {

    public SshArgv {
        command = List.copyOf(command);
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port), "-l", user));
        if (forwardAgent) {
            argv.add("-A");
        }
        // fleet's "false": neither check nor remember the host key; "true": OpenSSH's ask-then-append.
        argv.addAll(List.of("-o", "StrictHostKeyChecking=" + (strictHostKeyChecking ? "ask" : "no")));
        argv.addAll(List.of("-o", "UserKnownHostsFile=" + (strictHostKeyChecking ? knownHostsFile : "/dev/null")));
        argv.addAll(List.of("-o", "ConnectTimeout=" + connectTimeout()));
        argv.add(host);
        argv.addAll(command);
        return argv;
    }

    /** {@code --tunnel}'s command line: ssh to {@code host} running {@code fleetctl fd-forward socket}. */
    public static SshArgv tunnel(GlobalOptions g, String hostAndPort, String socket) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? 22 : Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw CliException.error("--tunnel takes HOST[:PORT], got " + hostAndPort);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw CliException.error("--tunnel takes HOST[:PORT], got " + hostAndPort);
        }
        return new SshArgv(g.sshUsername, port, false, g.strictHostKeyChecking, knownHostsFile(g), g.sshTimeout, host,
                List.of("fleetctl", "fd-forward", socket));
    }

    /** The known-hosts file of the flags, {@code ~/} expanded (ssh reads it, not a shell). */
    static String knownHostsFile(GlobalOptions g) {
        return g.knownHostsFile.startsWith("~/")
                ? java.nio.file.Path.of(System.getProperty("user.home"), g.knownHostsFile.substring(2)).toString()
                : g.knownHostsFile;
    }

    /** OpenSSH takes whole seconds: a fraction rounds up, so a short timeout never becomes none (0). */
    private long connectTimeout() {
        return Math.max(1, (long) Math.ceil(timeoutSeconds));
    }
}
