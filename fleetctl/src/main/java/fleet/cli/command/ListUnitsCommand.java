package fleet.cli.command;

import fleet.cli.output.Columns;
import fleet.cli.output.MachineLegend;
import fleet.schema.UnitStateEntity;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl list-units}: systemd's view, one row per (unit, machine), sorted by unit then machine. */
@Command(name = "list-units", description = "List the current state of units in the cluster")
public final class ListUnitsCommand extends FleetctlSubcommand {
    static final String DEFAULT_FIELDS = "unit,machine,active,sub";

    @Mixin
    ListOptions list;

    @Option(names = "--fields", paramLabel = "LIST", defaultValue = DEFAULT_FIELDS,
            description = "Columns to print: unit,load,active,sub,machine,hash,error (default: ${DEFAULT-VALUE}); "
                    + "error: why the machine's agent could not carry out its last task for the unit")
    String fields;

    /** The columns; {@code ips} maps machine IDs to their IP for the MACHINE column. */
    static Columns<UnitStateEntity> columns(Map<String, String> ips) {
        return new Columns<UnitStateEntity>()
                .add("unit", (s, full) -> s.name())
                .add("load", (s, full) -> s.systemdLoadState())
                .add("active", (s, full) -> s.systemdActiveState())
                .add("sub", (s, full) -> s.systemdSubState())
                .add("machine", (s, full) -> MachineLegend.withIp(s.machineID(), ips.get(s.machineID()), full))
                .add("hash", (s, full) -> s.hash() == null || full || s.hash().length() < 7 ? s.hash()
                        : s.hash().substring(0, 7))
                .add("error", (s, full) -> s.agentError());
    }

    @Override
    public Integer call() {
        List<String> chosen = list.fields(columns(Map.of()), fields);
        List<UnitStateEntity> states = api().listStates(null, null);
        Map<String, String> ips = chosen.contains("machine") && list.format == ListOptions.Format.table
                ? ListOptions.ips(api().listMachines()) : Map.of();
        list.print(session(), columns(ips), chosen, states);
        return ExitCode.OK;
    }
}
