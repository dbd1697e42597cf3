package fleet.testing;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fault cost the workloads, read from every machine's systemd: units moved (active on
 * another machine than before the fault), needless restarts (MainPID changed on the same machine),
 * duplicates (a unit active on two machines in one sample, with the longest overlap) and lost units
 * (active nowhere at the last sample). {@link #baseline} records where each unit runs before the
 * fault; {@link #sample} is called as often as the test likes while the fault plays out.
 */
public final class DamageCount {
    public record Where(String machine, long mainPid) {}

    private final List<LabMachine> machines;
    private final String unitGlob;
    private final Map<String, Where> before = new TreeMap<>();
    private final Map<String, Long> duplicateSince = new HashMap<>();
    private final TreeSet<String> moved = new TreeSet<>();
    private final TreeSet<String> restarted = new TreeSet<>();
    private final TreeSet<String> duplicated = new TreeSet<>();
    private long longestOverlapMs;
    private Map<String, List<Where>> last = Map.of();

    public DamageCount(List<LabMachine> machines, String unitGlob) {
        this.machines = machines;
        this.unitGlob = unitGlob;
    }

    /** Where each unit is active now; every unit must be active on exactly one machine. */
    public Map<String, Where> baseline() throws IOException {
        Map<String, List<Where>> now = activeNow();
        before.clear();
        now.forEach((unit, where) -> {
            if (where.size() != 1) {
                throw new IllegalStateException(unit + " is active on " + where + " before the fault");
            }
            before.put(unit, where.get(0));
        });
        return Map.copyOf(before);
    }

    public void sample() throws IOException {
        Map<String, List<Where>> now = activeNow();
        long t = System.nanoTime();
        for (Map.Entry<String, Where> b : before.entrySet()) {
            List<Where> where = now.getOrDefault(b.getKey(), List.of());
            for (Where w : where) {
                if (!w.machine().equals(b.getValue().machine())) {
                    moved.add(b.getKey());
                } else if (w.mainPid() != b.getValue().mainPid()) {
                    restarted.add(b.getKey());
                }
            }
            if (where.size() > 1) {
                duplicated.add(b.getKey());
                long since = duplicateSince.computeIfAbsent(b.getKey(), k -> t);
                longestOverlapMs = Math.max(longestOverlapMs, (t - since) / 1_000_000);
            } else {
                duplicateSince.remove(b.getKey());
            }
        }
        last = now;
    }

    public TreeSet<String> moved() {
        return moved;
    }

    public TreeSet<String> restarted() {
        return restarted;
    }

    public TreeSet<String> duplicated() {
        return duplicated;
    }

    public long longestOverlapMs() {
        return longestOverlapMs;
    }

    /** Every kind of damage seen so far (moved, restarted, duplicated, lost), each with its units; empty when none. */
    public Map<String, TreeSet<String>> harm() {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        Map.of("moved", moved, "restarted", restarted, "duplicated", duplicated, "lost", lost()).forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Units active nowhere at the last sample. */
    public TreeSet<String> lost() {
        TreeSet<String> out = new TreeSet<>(before.keySet());
        last.forEach((unit, where) -> {
            if (!where.isEmpty()) {
                out.remove(unit);
            }
        });
        return out;
    }

    /** Machine name to the number of units active there at the last sample. */
    public Map<String, Integer> spread() {
        Map<String, Integer> out = new TreeMap<>();
        last.values().forEach(ws -> ws.forEach(w -> out.merge(w.machine(), 1, Integer::sum)));
        return out;
    }

    /** How many of the baseline's units ran on exactly one machine at the last sample. */
    public int runningOnce() {
        return (int) before.keySet().stream().filter(u -> last.getOrDefault(u, List.of()).size() == 1).count();
    }

    @Override
    public String toString() {
        return "moved " + moved + ", restarted " + restarted + ", duplicated " + duplicated + " (longest overlap "
                + longestOverlapMs + " ms), lost " + lost() + ", spread " + spread();
    }

    /** One {@code systemctl show} per machine; a dead machine runs nothing. */
    private Map<String, List<Where>> activeNow() throws IOException {
        Map<String, List<Where>> out = new TreeMap<>();
        for (LabMachine m : machines) {
            var r = m.exec("systemctl", "show", "--property=Id,ActiveState,MainPID", unitGlob);
            if (!r.ok()) {
                continue;
            }
            for (String block : r.output().split("\n\n")) {
                Map<String, String> p = new HashMap<>();
                for (String line : block.split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        p.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
                if ("active".equals(p.get("ActiveState")) && p.containsKey("Id")) {
                    out.computeIfAbsent(p.get("Id"), k -> new java.util.ArrayList<>())
                            .add(new Where(m.name(), Long.parseLong(p.getOrDefault("MainPID", "0"))));
                }
            }
        }
        return out;
    }
}
