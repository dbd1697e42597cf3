package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fleetctl cat UNIT}: the stored unit file, re-serialized from its options. */
@Command(name = "cat", description = "Output the contents of a submitted unit")
public final class CatCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT", arity = "0..*", description = "Exactly one unit name")
    List<String> args;

    @Override
    public Integer call() {
        String name = exactlyOne(args, "cat");
        UnitEntity u = api().getUnit(name).orElseThrow(() -> CliException.error("unit " + name + " not found"));
        session().out().print(UnitEntities.file(u).serialize());
        return ExitCode.OK;
    }
}
