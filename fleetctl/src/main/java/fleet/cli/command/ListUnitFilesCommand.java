package fleet.cli.command;

import fleet.cli.ExitCode;
import fleet.cli.api.Machine;
import fleet.cli.api.Unit;
import fleet.cli.output.Columns;
import fleet.cli.output.MachineLegend;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl list-unit-files}: fleet's view (desired and current state, target machine), by name. */
@Command(name = "list-unit-files", description = "List the units that exist in the cluster")
public final class ListUnitFilesCommand extends FleetctlSubcommand {
    @Mixin
    ListOptions list;

    @Option(names = "--fields", paramLabel = "LIST", defaultValue = "unit,hash,dstate,state,target",
            description = "Columns to print: unit,hash,dstate,state,target,global,desc (tmachine is a deprecated "
                    + "alias of target) (default: ${DEFAULT-VALUE})")
    String fields;

    static Columns<Unit> columns(Map<String, String> ips) {
        return new Columns<Unit>()
                .add("unit", (u, full) -> u.name())
                .add("hash", (u, full) -> full ? u.unitFile().hash().hex() : u.unitFile().hash().shortHex())
                .add("dstate", (u, full) -> u.desiredState())
                .add("state", (u, full) -> u.isGlobal() ? "-" : u.currentState())
                .add("target", (u, full) -> target(u, ips, full))
                .add("tmachine", (u, full) -> target(u, ips, full))
                .add("global", (u, full) -> Boolean.toString(u.isGlobal()))
                .add("desc", (u, full) -> u.unitFile().description());
    }

    private static String target(Unit u, Map<String, String> ips, boolean full) {
        if (u.isGlobal()) {
            return "global";
        }
        return u.isScheduled() ? MachineLegend.withIp(u.machineID(), ips.get(u.machineID()), full) : "-";
    }

    @Override
    public Integer call() {
        List<String> chosen = list.fields(columns(Map.of()), fields);
        if (chosen.contains("tmachine")) {
            err("WARNING: the \"tmachine\" field is deprecated; use \"target\" instead");
        }
        List<Unit> units = api().listUnits();
        boolean needIps = list.format == ListOptions.Format.table
                && (chosen.contains("target") || chosen.contains("tmachine"))
                && units.stream().anyMatch(Unit::isScheduled);
        Map<String, String> ips = needIps
                ? api().listMachines().stream().filter(m -> m.id() != null && m.primaryIP() != null)
                        .collect(Collectors.toMap(Machine::id, Machine::primaryIP, (a, b) -> a))
                : Map.of();
        list.print(session(), columns(ips), chosen, units);
        return ExitCode.OK;
    }
}
