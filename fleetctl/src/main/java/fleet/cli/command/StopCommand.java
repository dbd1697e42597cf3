package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetctl stop UNIT...}: desired state loaded, for units already in the registry. */
@Command(name = "stop", description = "Instruct systemd to stop one or more units in the cluster")
public final class StopCommand extends ExistingUnitsCommand {
    @Mixin
    BlockOptions block;

    @Override
    public Integer call() {
        int attempts = block.attempts();
        List<UnitEntity> stopping = new ArrayList<>();
        for (UnitEntity u : existing()) {
            if (!UnitEntities.isGlobal(u) && DesiredState.INACTIVE.wireName().equals(u.currentState())) {
                err("Error: unable to stop unit " + u.name() + " in state inactive");
                code = ExitCode.ERROR;
            } else if (!DesiredState.LOADED.wireName().equals(u.desiredState())) {
                stopping.add(u);
            }
        }
        int waited = new Transition(session()).run(stopping, DesiredState.LOADED, "stop", attempts, false);
        if (!stopping.isEmpty()) {
            err("Successfully stopped units " + stopping.stream().map(UnitEntity::name).toList());
        }
        return worst(code, waited);
    }
}
