package fleet.cli.command;

import fleet.cli.api.Json;
import fleet.cli.output.Columns;
import fleet.schema.MachineEntity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** --full, --no-legend and -o of the list commands (each command has its own --fields default). */
final class ListOptions {
    enum Format { table, json }

    @Option(names = {"--full", "-l", "--l"}, description = "Do not ellipsize fields on output")
    boolean full;

    @Option(names = "--no-legend", description = "Do not print a legend (column headers)")
    boolean noLegend;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (the API objects) (default: ${DEFAULT-VALUE})")
    Format format;

    /** Validates --fields before anything is fetched, so a typo fails fast. */
    <T> List<String> fields(Columns<T> columns, String fields) {
        try {
            return columns.select(fields);
        } catch (IllegalArgumentException e) {
            throw CliException.error(e.getMessage());
        }
    }

    /** Machine IDs to their IP, for the machine columns. */
    static Map<String, String> ips(List<MachineEntity> machines) {
        Map<String, String> ips = new HashMap<>();
        for (MachineEntity m : machines) {
            if (m.id() != null && m.primaryIP() != null) {
                ips.putIfAbsent(m.id(), m.primaryIP());
            }
        }
        return ips;
    }

    <T> void print(Session session, Columns<T> columns, List<String> chosen, List<T> items) {
        if (format == Format.json) {
            session.out().println(Json.pretty(items));
            return;
        }
        session.out().print(columns.render(items, chosen, full, noLegend));
    }
}
