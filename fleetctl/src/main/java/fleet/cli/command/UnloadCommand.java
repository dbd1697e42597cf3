package fleet.cli.command;

import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetctl unload UNIT...}: desired state inactive (stop and unload from systemd). */
@Command(name = "unload", description = "Unschedule one or more units in the cluster")
public final class UnloadCommand extends ExistingUnitsCommand {
    @Mixin
    BlockOptions block;

    @Override
    public Integer call() {
        int attempts = block.attempts();
        List<UnitEntity> unloading = existing().stream()
                .filter(u -> !DesiredState.INACTIVE.wireName().equals(u.desiredState())).toList();
        int waited = new Transition(session()).run(unloading, DesiredState.INACTIVE, "unload", attempts, false);
        if (!unloading.isEmpty()) {
            err("Successfully unloaded units " + unloading.stream().map(UnitEntity::name).toList());
        }
        return worst(code, waited);
    }
}
