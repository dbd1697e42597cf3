package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.cli.output.Columns;
import fleet.cli.output.MachineLegend;
import fleet.schema.UnitEntity;
import fleet.unit.UnitHash;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl list-unit-files}: fleet's view (desired and current state, target machine), by name. */
@Command(name = "list-unit-files", description = "List the units that exist in the cluster")
public final class ListUnitFilesCommand extends FleetctlSubcommand {
    static final String DEFAULT_FIELDS = "unit,hash,dstate,state,target";

    @Mixin
    ListOptions list;

    @Option(names = "--fields", paramLabel = "LIST", defaultValue = DEFAULT_FIELDS,
            description = "Columns to print: unit,hash,dstate,state,target,global,desc,rollout,reason (tmachine is a "
                    + "deprecated alias of target; reason: the engine's word on the unit, such as why it is not "
                    + "placed or which machines it avoids after failing there) (default: ${DEFAULT-VALUE})")
    String fields;

    static Columns<UnitEntity> columns(Map<String, String> ips) {
        return new Columns<UnitEntity>()
                .add("unit", (u, full) -> u.name())
                .add("hash", (u, full) -> hash(u, full))
                .add("dstate", (u, full) -> u.desiredState())
                .add("state", (u, full) -> UnitEntities.isGlobal(u) ? "-" : u.currentState())
                .add("target", (u, full) -> target(u, ips, full))
                .add("tmachine", (u, full) -> target(u, ips, full))
                .add("global", (u, full) -> Boolean.toString(UnitEntities.isGlobal(u)))
                .add("desc", (u, full) -> UnitEntities.file(u).description())
                .add("rollout", (u, full) -> RolloutText.of(u.rollout(), full))
                .add("reason", (u, full) -> u.reasons() == null || u.reasons().summary().isEmpty() ? null
                        : u.reasons().summary());
    }

    private static String hash(UnitEntity u, boolean full) {
        UnitHash hash = UnitEntities.file(u).hash();
        return full ? hash.hex() : hash.shortHex();
    }

    private static String target(UnitEntity u, Map<String, String> ips, boolean full) {
        if (UnitEntities.isGlobal(u)) {
            return "global";
        }
        return UnitEntities.isScheduled(u) ? MachineLegend.withIp(u.machineID(), ips.get(u.machineID()), full) : "-";
    }

    @Override
    public Integer call() {
        List<String> chosen = list.fields(columns(Map.of()), fields);
        if (chosen.contains("tmachine")) {
            err("WARNING: the \"tmachine\" field is deprecated; use \"target\" instead");
        }
        List<UnitEntity> units = api().listUnits();
        boolean needIps = list.format == ListOptions.Format.table
                && (chosen.contains("target") || chosen.contains("tmachine"))
                && units.stream().anyMatch(UnitEntities::isScheduled);
        Map<String, String> ips = needIps
                ? ListOptions.ips(api().listMachines()) : Map.of();
        list.print(session(), columns(ips), chosen, units);
        return ExitCode.OK;
    }
}
