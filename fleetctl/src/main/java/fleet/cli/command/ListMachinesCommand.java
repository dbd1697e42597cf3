package fleet.cli.command;

import fleet.cli.output.Columns;
import fleet.cli.output.MachineLegend;
import fleet.schema.MachineEntity;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetctl list-machines}: live machines by ID; metadata as sorted, comma-joined k=v pairs. */
@Command(name = "list-machines", description = "Enumerate the current hosts in the cluster")
public final class ListMachinesCommand extends FleetctlSubcommand {
    static final String DEFAULT_FIELDS = "machine,ip,metadata";

    @Mixin
    ListOptions list;

    @Option(names = "--fields", paramLabel = "LIST", defaultValue = DEFAULT_FIELDS,
            description = "Columns to print: machine,ip,metadata (default: ${DEFAULT-VALUE})")
    String fields;

    static Columns<MachineEntity> columns() {
        return new Columns<MachineEntity>()
                .add("machine", (m, full) -> MachineLegend.id(m.id(), full))
                .add("ip", (m, full) -> m.primaryIP())
                .add("metadata", (m, full) -> m.metadata().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    }

    @Override
    public Integer call() {
        List<String> chosen = list.fields(columns(), fields);
        list.print(session(), columns(), chosen, api().listMachines());
        return ExitCode.OK;
    }
}
