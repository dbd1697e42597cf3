package fleet.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code fleetctl version}. */
@Command(name = "version", description = "Print the version and exit")
public final class VersionCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.root().commandLine().printVersionHelp(spec.commandLine().getOut());
    }
}
