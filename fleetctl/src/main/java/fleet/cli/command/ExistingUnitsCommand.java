package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.schema.UnitEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Parameters;

/** Commands that act only on units already in the registry: stop, unload, destroy, status. */
abstract class ExistingUnitsCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT", arity = "0..*", description = "Unit names")
    List<String> args;

    /** Set when a named unit was not in the registry: the command then exits 1 (fleet exited 0). */
    int code = ExitCode.OK;

    /**
     * The named units that exist, in argument order; each missing one is reported on stderr. They are
     * read concurrently; an API failure ends the command, as it did when they were read one by one.
     */
    List<UnitEntity> existing() {
        List<String> names = unitNames(args);
        FleetApi api = api();
        List<Fanout.Outcome<Optional<UnitEntity>>> read = session().fanout().map(names, Fanout.Stop.ON_API_ERROR,
                "Reading units", api::getUnit);
        List<UnitEntity> found = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            read.get(i).get().ifPresentOrElse(found::add, () -> {
                err("Error: unit " + name + " not found in registry");
                code = ExitCode.ERROR;
            });
        }
        return found;
    }

    int worst(int a, int b) {
        return a == ExitCode.OK ? b : b == ExitCode.OK ? a : Math.max(a, b);
    }
}
