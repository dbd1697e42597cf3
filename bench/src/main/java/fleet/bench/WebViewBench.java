package fleet.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.registry.ClusterPicture;
import fleet.registry.MachineInfo;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitRecord;
import fleet.registry.UnitStateRecord;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import fleet.web.ClusterChanges;
import fleet.web.ClusterView;
import fleet.web.ViewEvent;

/**
 * What one pass of the web view costs fleetd after a change (on the view's own thread): build the
 * {@link ClusterView} from a picture of the cluster, find the events since the last view, write
 * both as the JSON message every viewer gets. The baseline, measured in the same run, is writing
 * the same unit states as JSON (what a {@code GET /state} listing of them costs). The change between
 * the two pictures moves 1% of the units to another machine.
 * Prints the median of 3 runs of 20 passes each, in milliseconds per pass, and the ratio.
 *
 * <p>Usage: {@code bench/run web}
 */
public final class WebViewBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UnitFile BODY = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep infinity")));
    private static final int PASSES = 20;
    private static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        int[][] sizes = {{100, 1_000}, {100, 10_000}, {1_000, 10_000}};
        System.out.printf("%-9s %-7s %-8s %-9s %-8s %-12s %-6s %-7s%n", "MACHINES", "UNITS", "PASS_MS", "(BUILD", "DIFF)",
                "BASELINE_MS", "RATIO", "MSG_KB");
        for (int[] size : sizes) {
            ClusterPicture before = picture(size[0], size[1], 0);
            ClusterPicture after = picture(size[0], size[1], 1);
            ClusterView beforeView = ClusterView.of(before);
            List<Double> pass = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            List<Double> build = new ArrayList<>();
            List<Double> diff = new ArrayList<>();
            int bytes = 0;
            for (int run = 0; run < RUNS + 1; run++) { // the first run warms up
                long t0 = System.nanoTime();
                long built = 0;
                long diffed = 0;
                for (int i = 0; i < PASSES; i++) {
                    long a = System.nanoTime();
                    ClusterView view = ClusterView.of(after);
                    long b = System.nanoTime();
                    List<ViewEvent> events = ClusterChanges.between(beforeView, view, i);
                    diffed += System.nanoTime() - b;
                    built += b - a;
                    bytes = JSON.writeValueAsBytes(Map.of("view", view, "events", events)).length;
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < PASSES; i++) {
                    JSON.writeValueAsBytes(Map.of("states", after.states()));
                }
                long t2 = System.nanoTime();
                if (run > 0) {
                    build.add(built / 1e6 / PASSES);
                    diff.add(diffed / 1e6 / PASSES);
                    pass.add((t1 - t0) / 1e6 / PASSES);
                    baseline.add((t2 - t1) / 1e6 / PASSES);
                }
            }
            double p = Stats.median(pass);
            double b = Stats.median(baseline);
            System.out.printf("%-9d %-7d %-8.2f %-9.2f %-8.2f %-12.2f %-6.1f %-7d%n", size[0], size[1], p,
                    Stats.median(build), Stats.median(diff), b, p / b, bytes / 1024);
        }
    }

    /** Units round-robin over machines, each active where it is placed; {@code shift} moves every 100th unit on. */
    static ClusterPicture picture(int machines, int units, int shift) {
        Map<String, MachineInfo> ms = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            String id = String.format("%032x", i + 1);
            ids.add(id);
            ms.put(id, new MachineInfo(id, "10.0." + (i / 250) + "." + (i % 250 + 1), Map.of("role", i % 2 == 0 ? "web" : "db"),
                    "bench", new MachineInfo.Capacity(4, 8L << 30), false));
        }
        Map<String, StoredUnit> us = new HashMap<>();
        List<ScheduledUnit> schedule = new ArrayList<>();
        List<UnitStateRecord> states = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            String name = "app-" + u + ".service";
            String m = ids.get((u + (u % 100 == 0 ? shift : 0)) % machines);
            us.put(name, new StoredUnit(new UnitRecord(name, BODY.hash(), DesiredState.LAUNCHED, false), BODY));
            schedule.add(new ScheduledUnit(m, name, BODY.hash(), DesiredState.LAUNCHED));
            states.add(new UnitStateRecord(name, BODY.hash(), m, "loaded", "active", "running", "launched"));
        }
        return new ClusterPicture(new RegistrySnapshot(1, us, schedule, Map.of(), ms), states, ids.get(0));
    }
}
