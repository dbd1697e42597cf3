package fleet.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fleetctl destroy UNIT...}: remove units from the cluster. Unless --no-block, waits until no
 * machine reports them any more (fleet had this condition inverted).
 */
@Command(name = "destroy", description = "Destroy one or more units in the cluster")
public final class DestroyCommand extends ExistingUnitsCommand {
    @Mixin
    BlockOptions block;

    @Override
    public Integer call() {
        int attempts = block.attempts();
        List<String> destroyed = new ArrayList<>();
        int result = ExitCode.OK;
        for (String name : unitNames(args)) {
            if (api().deleteUnit(name)) {
                destroyed.add(name);
                out("Destroyed " + name);
            } else {
                err("Error: unit " + name + " not found in registry");
                result = ExitCode.ERROR;
            }
        }
        if (attempts >= 0 && !destroyed.isEmpty()) {
            StateWaiter waiter = new StateWaiter(api(), Thread::sleep, new Progress(session().err(), session().tty()));
            for (String left : waiter.awaitNoStates(destroyed, attempts)) {
                err("Error: timed out waiting for unit " + left + " to be unloaded from its machines");
                result = ExitCode.ERROR;
            }
        }
        return result;
    }
}
