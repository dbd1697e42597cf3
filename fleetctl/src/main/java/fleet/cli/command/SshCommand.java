package fleet.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetctl ssh MACHINE|UNIT [COMMAND...]}: runs the system's ssh client to the machine's public IP. */
@Command(name = "ssh", description = "Open an interactive shell on a machine in the cluster, or run COMMAND there")
public final class SshCommand extends FleetctlSubcommand {
    @ArgGroup(exclusive = true)
    Named named;

    static final class Named {
        @Option(names = "--machine", paramLabel = "ID", description = "Machine ID or unique prefix")
        String machine;

        @Option(names = "--unit", paramLabel = "UNIT", description = "The machine this unit is placed on")
        String unit;
    }

    @Option(names = {"-A", "--forward-agent", "--A"}, description = "Forward the ssh agent's connection")
    boolean forwardAgent;

    @Option(names = "--ssh-port", paramLabel = "N", defaultValue = "22",
            description = "Port of sshd on the machine (default: ${DEFAULT-VALUE})")
    int sshPort;

    @Parameters(paramLabel = "MACHINE|UNIT [COMMAND...]", arity = "0..*",
            description = "A machine ID (or unique prefix) or a unit name, unless --machine/--unit names it; "
                    + "then the command to run")
    List<String> args = List.of();

    @Override
    public Integer call() {
        List<String> rest = args == null ? List.of() : args;
        String arg;
        SshTarget.Kind kind;
        if (named != null) {
            kind = named.machine != null ? SshTarget.Kind.MACHINE : SshTarget.Kind.UNIT;
            arg = named.machine != null ? named.machine : named.unit;
        } else if (rest.isEmpty()) {
            throw CliException.error("ssh needs a machine or a unit");
        } else {
            kind = SshTarget.Kind.ANY;
            arg = rest.get(0);
            rest = rest.subList(1, rest.size());
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw CliException.error("--ssh-port must be between 1 and 65535, got " + sshPort);
        }
        String host = new SshTarget(api()).address(arg, kind);
        GlobalOptions g = session().globals();
        String knownHosts = SshArgv.knownHostsFile(g);
        if (g.strictHostKeyChecking) {
            createParent(Path.of(knownHosts));
        }
        return exec(new SshArgv(g.sshUsername, sshPort, forwardAgent, g.strictHostKeyChecking, knownHosts,
                g.sshTimeout, host, rest).argv());
    }

    private static void createParent(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw CliException.error("cannot create the directory of " + file + ": " + e.getMessage());
        }
    }

    /** ssh shares fleetctl's terminal; its exit code is fleetctl's. */
    private static int exec(List<String> argv) {
        try {
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw CliException.error("cannot run ssh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while ssh ran");
        }
    }
}
