package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import fleet.testing.LabMachine;

/**
 * How long a desired-state change takes to reach systemd, by route, in the lab (3 machines running
 * fleetd, real etcd): a placed unit's stop goes API → {@code units/} → the leader's pass →
 * {@code schedule/<machine>/} → that agent; a global unit's goes API → {@code global/} → every
 * agent. Printed beside systemd alone (a {@code systemctl stop} timed inside a machine) and, for the
 * placed route, with the engine leader's fleetd killed just before the stop. Usage:
 * {@code bench/run route}.
 */
public final class RouteBench {
    private static final int MACHINES = 3;
    private final LabSession lab;

    private RouteBench(LabSession lab) {
        this.lab = lab;
    }

    public static void main(String[] args) throws Exception {
        LabSession.withLab(args, MACHINES, lab -> {
            RouteBench b = new RouteBench(lab);
            System.out.printf("%n%-58s %s%n", "figure (ms; median, then every run)", "measured");
            row("systemctl stop inside a machine (systemd alone)", b.systemdAlone());
            row("stop of a placed unit -> inactive (via the leader)", b.stopPlaced());
            row("stop of a global unit -> inactive everywhere (direct)", b.stopGlobal());
            row("stop of a placed unit, leader's fleetd killed just before", b.stopDuringFailover());
        });
    }

    private static void row(String figure, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%-58s %d %s%n", figure, sorted.get(sorted.size() / 2), ms);
    }

    List<Long> systemdAlone() throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String unit = "alone-" + i;
            String ms = lab.lab("exec", "m1", "sh", "-c", "systemd-run --quiet --unit=" + unit + " /bin/sleep 100000"
                    + " && s=$(date +%s%N) && systemctl stop " + unit + " && e=$(date +%s%N)"
                    + " && echo $(( (e - s) / 1000000 ))");
            out.add(Long.parseLong(ms.trim()));
        }
        return out;
    }

    List<Long> stopPlaced() throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(startThenStop("placed-" + i + ".service", "", 1));
        }
        return out;
    }

    List<Long> stopGlobal() throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(startThenStop("global-" + i + ".service",
                    ",{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"}", MACHINES));
        }
        return out;
    }

    /** The leader's fleetd gets SIGKILL (systemd restarts it after 1 s), then the stop is sent to another machine. */
    List<Long> stopDuringFailover() throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String unit = "failover-" + i + ".service";
            lab.put(unit, "");
            lab.awaitActive(List.of(unit), Duration.ofSeconds(30));
            LabMachine leader = lab.leader(MACHINES);
            lab.useApiOf(lab.machines(MACHINES).stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow());
            lab.lab("exec", leader.name(), "systemctl", "kill", "--signal=SIGKILL", "fleet.service");
            long t0 = System.nanoTime();
            lab.desire(unit, "loaded");
            lab.await(unit + " inactive", () -> !lab.active().containsKey(unit), Duration.ofSeconds(60));
            out.add((System.nanoTime() - t0) / 1_000_000);
            lab.await("the killed fleetd back", () -> {
                try {
                    lab.useApiOf(leader);
                    lab.active();
                    return true;
                } catch (java.io.IOException notYet) {
                    return false;
                }
            }, Duration.ofSeconds(30));
        }
        return out;
    }

    /** Starts {@code unit}, waits until it is active on {@code copies} machines, then times its stop. */
    private long startThenStop(String unit, String extraOptions, int copies) throws Exception {
        lab.put(unit, extraOptions);
        lab.await(unit + " active", () -> lab.active().getOrDefault(unit, List.of()).size() == copies,
                Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        lab.desire(unit, "loaded");
        lab.await(unit + " inactive", () -> !lab.active().containsKey(unit), Duration.ofSeconds(30));
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
