package fleet.bench;

import fleet.unit.DesiredState;

import fleet.constraint.Requirements;
import fleet.constraint.Resources;
import fleet.schedule.ClusterSnapshot;
import fleet.unit.DesiredState;
import fleet.schedule.Machine;
import fleet.schedule.Plan;
import fleet.schedule.PlanMemo;
import fleet.schedule.Scheduler;
import fleet.schedule.Strategy;
import fleet.schedule.Unit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Times {@link Scheduler#plan} on synthetic clusters: machines with role/zone/disk metadata and a
 * capacity, units that are template instances with {@code Conflicts=name@*}, some pinned to a
 * role, some with a MachineOf sidekick, some with memory requests, plus a few global units.
 * Scenarios: "place-all" places every unit of a fresh cluster; "lose-10%" takes that result and
 * removes every tenth machine, so its units are unscheduled and placed again; "+1 scratch" and
 * "+1 memo" plan one unit more in the placed cluster, from scratch and from the previous pass's
 * {@link PlanMemo} (made untimed before each timed pass).
 * Prints one row per (machines, units, strategy, scenario): the median of the measured runs, in wall time
 * and in CPU time of the planning thread (the second is steadier on a shared machine).
 *
 * <p>Usage: {@code bench/run scheduler [--quick]}
 */
public final class SchedulerBench {
    private static final String[] ROLES = {"web", "db", "cache", "batch"};
    private static final String[] ZONES = {"a", "b", "c", "d"};
    private static final String[] DISKS = {"ssd", "hdd"};
    private static final int INSTANCES_PER_TEMPLATE = 50;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int[][] sizes = quick ? new int[][] {{1_000, 10_000}} : new int[][] {
                {1_000, 10_000}, {1_000, 100_000}, {5_000, 10_000}, {5_000, 100_000}};
        int warmups = quick ? 1 : 2;
        int runs = quick ? 2 : 3;
        System.out.printf("%-9s %-8s %-9s %-11s %-10s %-9s %-8s %-12s %-7s %-12s%n", "MACHINES", "UNITS",
                "STRATEGY", "SCENARIO", "DECISIONS", "UNPLACED", "WALL_MS", "DECISIONS/S", "CPU_MS", "PER_CPU_S");
        for (int[] size : sizes) {
            ClusterSnapshot fresh = snapshot(size[0], size[1]);
            for (Strategy strategy : Strategy.values()) {
                Scheduler scheduler = new Scheduler(strategy, 7);
                measure(size, scheduler, "place-all", () -> () -> scheduler.plan(fresh), warmups, runs);
                // Every tenth machine dies after everything was placed: phase 1 and phase 2 together.
                ClusterSnapshot placed = fresh.apply(scheduler.plan(fresh));
                List<Machine> alive = new ArrayList<>();
                for (int i = 0; i < placed.machines().size(); i++) {
                    if (i % 10 != 0) {
                        alive.add(placed.machines().get(i));
                    }
                }
                ClusterSnapshot lost = new ClusterSnapshot(alive, placed.units());
                measure(size, scheduler, "lose-10%", () -> () -> scheduler.plan(lost), warmups, runs);
                // One unit more in the placed cluster: from scratch, then from the memo of the pass before.
                ClusterSnapshot plusOne = withOneMore(placed);
                measure(size, scheduler, "+1 scratch", () -> () -> scheduler.plan(plusOne), warmups, runs);
                measure(size, scheduler, "+1 memo", () -> {
                    PlanMemo memo = scheduler.plan(placed, PlanMemo.none()).memo(); // not timed
                    return () -> fromMemo(scheduler, plusOne, memo);
                }, warmups, runs);
            }
        }
    }

    /** One timed planning pass, prepared (untimed) by the supplier that returns it. */
    private interface Pass {
        Plan plan();
    }

    private static Plan fromMemo(Scheduler scheduler, ClusterSnapshot snapshot, PlanMemo memo) {
        Scheduler.Planned p = scheduler.plan(snapshot, memo);
        if (!p.incremental()) {
            throw new IllegalStateException("the memo was not used");
        }
        return p.plan();
    }

    private static ClusterSnapshot withOneMore(ClusterSnapshot placed) {
        List<Unit> units = new ArrayList<>(placed.units());
        units.add(new Unit("one-more.service", new Requirements(Optional.empty(), List.of(),
                Map.of("role", Set.of("web")), List.of(), false, List.of()), DesiredState.LAUNCHED, Optional.empty(),
                Resources.NONE));
        return new ClusterSnapshot(placed.machines(), units);
    }

    private static void measure(int[] size, Scheduler scheduler, String scenario, Supplier<Pass> prepared,
                                int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            prepared.get().plan();
        }
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        Plan plan = null;
        for (int i = 0; i < runs; i++) {
            Pass pass = prepared.get();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            plan = pass.plan();
            nanos[i] = System.nanoTime() - t0;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        long wall = nanos[runs / 2];
        long onCpu = cpu[runs / 2];
        int decisions = plan.decisions().size();
        System.out.printf(java.util.Locale.ROOT, "%-9d %-8d %-9s %-11s %-10d %-9d %-8.1f %-12d %-7.1f %-12d%n", size[0],
                size[1], scheduler.strategy(), scenario, decisions, plan.unplaceable().size(), wall / 1e6,
                Math.round(decisions / (wall / 1e9)), onCpu / 1e6, Math.round(decisions / (onCpu / 1e9)));
    }

    static ClusterSnapshot snapshot(int machineCount, int unitCount) {
        List<Machine> machines = new ArrayList<>(machineCount);
        for (int i = 0; i < machineCount; i++) {
            Map<String, String> md = Map.of("role", ROLES[i % ROLES.length],
                    "zone", ZONES[(i / ROLES.length) % ZONES.length], "disk", DISKS[(i / 16) % DISKS.length]);
            machines.add(new Machine(String.format("%032x", 0x9e3779b97f4a7c15L * (i + 1)), "10.0.0." + (i % 250),
                    md, new Resources(16_000, 64L << 30), new Resources(500, 1L << 30)));
        }
        List<Unit> units = new ArrayList<>(unitCount);
        for (String role : ROLES) {
            units.add(new Unit("agent-" + role + ".service",
                    new Requirements(Optional.empty(), List.of(), Map.of("role", Set.of(role)), List.of(), true,
                            List.of()), DesiredState.LAUNCHED, Optional.empty(), new Resources(100, 64L << 20)));
        }
        for (int i = 0; units.size() < unitCount; i++) {
            int template = i / INSTANCES_PER_TEMPLATE;
            String name = "svc" + template + "@" + (i % INSTANCES_PER_TEMPLATE) + ".service";
            Map<String, Set<String>> md = switch (template % 4) {
                case 0 -> Map.of("role", Set.of(ROLES[template % ROLES.length]));
                case 1 -> Map.of("disk", Set.of("ssd"), "zone", Set.of("a", "b"));
                default -> Map.of();
            };
            Resources requests = template % 3 == 0 ? new Resources(250, 256L << 20) : Resources.NONE;
            units.add(new Unit(name, new Requirements(Optional.empty(), List.of(), md,
                    List.of("svc" + template + "@*.service"), false, List.of()),
                    DesiredState.LAUNCHED, Optional.empty(), requests));
            if (template % 5 == 0 && units.size() < unitCount) {
                units.add(new Unit("side" + template + "@" + (i % INSTANCES_PER_TEMPLATE) + ".service",
                        new Requirements(Optional.empty(), List.of(name), Map.of(), List.of(), false, List.of()),
                        DesiredState.LAUNCHED, Optional.empty(), Resources.NONE));
            }
        }
        return new ClusterSnapshot(machines, units);
    }
}
