package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetctl journal UNIT}: the unit's journal from its machine, through the API. */
@Command(name = "journal", description = "Print the journal of a unit in the cluster to stdout")
public final class JournalCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT", arity = "0..*", description = "Exactly one unit name")
    List<String> args;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "10",
            description = "Number of recent log lines to return (default: ${DEFAULT-VALUE})")
    int lines;

    @Option(names = {"-f", "--follow", "--f"}, description = "Continuously print new entries as they are appended")
    boolean follow;

    @Override
    public Integer call() {
        String name = exactlyOne(args, "journal");
        if (lines < 0) {
            throw CliException.error("--lines must be 0 or more, got " + lines);
        }
        UnitEntity u = api().getUnit(name).orElseThrow(() -> CliException.error("unit " + name + " not found"));
        if (UnitEntities.isGlobal(u)) {
            throw CliException.error("unable to get the journal of global unit " + name
                    + ": it runs on many machines");
        }
        if (u.currentState() == null || u.currentState().equals("inactive")) {
            throw CliException.error("unit " + name + " does not appear to be running");
        }
        api().journal(name, lines, follow, session().out());
        return ExitCode.OK;
    }
}
