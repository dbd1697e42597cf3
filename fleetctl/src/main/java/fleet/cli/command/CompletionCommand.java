package fleet.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code fleetctl completion}: a bash completion script; use {@code source <(fleetctl completion)}. */
@Command(name = "completion", description = "Print a bash completion script (source <(fleetctl completion))")
public final class CompletionCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("fleetctl", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
