package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.cli.api.UnitStatus;
import fleet.schema.UnitEntity;
import picocli.CommandLine.Command;

/**
 * {@code fleetctl status UNIT...}: {@code systemctl status -l} from each unit's machine, through the
 * API (no SSH). Exits with the first non-zero exit status of those commands.
 */
@Command(name = "status", description = "Output the status of one or more units in the cluster")
public final class StatusCommand extends ExistingUnitsCommand {
    @Override
    public Integer call() {
        int result = ExitCode.OK;
        boolean first = true;
        for (UnitEntity u : existing()) {
            if (!UnitEntities.isGlobal(u) && (u.currentState() == null || u.currentState().equals("inactive"))) {
                err("Error: unit " + u.name() + " does not appear to be loaded");
                code = ExitCode.ERROR;
                continue;
            }
            if (!first) {
                out("");
            }
            first = false;
            UnitStatus status = api().unitStatus(u.name());
            session().out().print(status.text());
            session().out().flush();
            if (result == ExitCode.OK) {
                result = status.exitStatus();
            }
        }
        return code != ExitCode.OK ? code : result;
    }
}
