package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.unit.UnitName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the session (streams, API) and unit-argument mangling. */
abstract class FleetctlSubcommand implements Callable<Integer> {
    @ParentCommand
    FleetctlCommand root;

    @Mixin
    HelpOption help;

    Session session() {
        return root.session();
    }

    FleetApi api() {
        return session().api();
    }

    void out(String line) {
        session().out().println(line);
    }

    void err(String line) {
        session().err().println(line);
    }

    /** Mangled, de-duplicated unit names; no arguments is an error (fleet exited 0 here). */
    static List<String> unitNames(List<String> args) {
        if (args == null || args.isEmpty()) {
            throw CliException.error("No units given");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String arg : args) {
            names.add(UnitName.fromCliArgument(arg));
        }
        return new ArrayList<>(names);
    }

    static String exactlyOne(List<String> args, String command) {
        if (args == null || args.size() != 1) {
            throw CliException.error("One unit file must be provided to " + command);
        }
        return UnitName.fromCliArgument(args.get(0));
    }
}
