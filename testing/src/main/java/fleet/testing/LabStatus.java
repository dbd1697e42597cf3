package fleet.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the machine rows of {@code fleet-lab status}, the lab's one machine-readable answer:
 * a tab-separated table whose header is {@link #HEADER}, one row per machine, then one row per etcd
 * member (fewer columns, read by people only). A changed header fails here, loudly, rather than
 * shifting columns.
 */
final class LabStatus {
    static final String HEADER = "MACHINE\tPID\tSTATE\tIP\tMACHINE_ID\tMETADATA";

    /** One machine; {@code pid} is its systemd as seen from the host, 0 when the lab recorded none. */
    record Row(String name, long pid, String state, String ip, String machineId, String metadata) {
    }

    private LabStatus() {
    }

    static List<Row> parse(String output) throws IOException {
        String[] lines = output.split("\n");
        int header = 0;
        while (header < lines.length && !lines[header].equals(HEADER)) {
            header++;
        }
        if (header == lines.length) {
            throw new IOException("fleet-lab status printed no machine table:\n" + output);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = header + 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (!f[0].matches("m[0-9]+")) {
                continue; // the etcd rows
            }
            if (f.length != 6) {
                throw new IOException("fleet-lab status: not a machine row: " + lines[i]);
            }
            rows.add(new Row(f[0], f[1].equals("-") ? 0 : Long.parseLong(f[1]), f[2], dash(f[3]), dash(f[4]), dash(f[5])));
        }
        return rows;
    }

    /** fleet-lab prints "-" for an empty cell. */
    private static String dash(String cell) {
        return cell.equals("-") ? "" : cell;
    }
}
