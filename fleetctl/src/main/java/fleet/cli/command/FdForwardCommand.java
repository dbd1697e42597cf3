package fleet.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fleetctl fd-forward SOCKET}: stdin to a unix socket, the socket to stdout (for ssh tunnels). */
@Command(name = "fd-forward", description = "Proxy stdin and stdout to a unix domain socket")
public final class FdForwardCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "SOCKET", description = "Path of the unix socket")
    Path socket;

    @Override
    public Integer call() {
        try {
            new UnixSocketForwarder(socket).forward(System.in, session().out());
        } catch (IOException e) {
            throw CliException.error("cannot forward to " + socket + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
