package fleet.schedule;

import static fleet.schedule.Fixtures.machine;
import static fleet.schedule.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fleet.constraint.Requirements;
import fleet.constraint.Resources;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RebalancerTest {
    private final Rebalancer spread = new Rebalancer(Strategy.SPREAD);

    /** m1 runs six plain units, m2 two, m3 (returned) none. */
    private static ClusterSnapshot crowded(String... extraOnM1) {
        List<Unit> units = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            units.add(unit("a" + i + ".service", "target=m1"));
        }
        units.add(unit("b1.service", "target=m2"));
        units.add(unit("b2.service", "target=m2"));
        return new ClusterSnapshot(List.of(machine("m1"), machine("m2"), machine("m3")), units);
    }

    private static List<String> lines(Rebalancer.RebalancePlan plan) {
        return plan.moves().stream().map(m -> m.unit() + " " + m.from() + "->" + m.to() + " (" + m.why() + ")").toList();
    }

    @Test
    void movesFromTheMostLoadedToTheLeastLoadedWithTheLoadsAsReason() {
        var plan = spread.plan(crowded(), 10);
        assertEquals(List.of(
                "a1.service m1->m3 (m1 runs 6 units, m3 runs 0)",
                "a2.service m1->m3 (m1 runs 5 units, m3 runs 1)",
                "a3.service m1->m2 (m1 runs 4 units, m2 runs 2)"), lines(plan));
        assertEquals("balanced after 3 move(s)", plan.summary());
    }

    @Test
    void stopsAtTheLimit() {
        var plan = spread.plan(crowded(), 2);
        assertEquals(List.of("a1.service", "a2.service"), plan.moves().stream().map(Rebalancer.Move::unit).toList());
        assertEquals("stopped at the limit of 2 move(s)", plan.summary());
        assertTrue(spread.plan(crowded(), 0).moves().isEmpty());
    }

    @Test
    void aBalancedClusterPlansNothing() {
        var snapshot = new ClusterSnapshot(List.of(machine("m1"), machine("m2")),
                List.of(unit("a.service", "target=m1"), unit("b.service", "target=m2"), unit("c.service", "target=m1")));
        var plan = spread.plan(snapshot, 5);
        assertTrue(plan.moves().isEmpty(), lines(plan).toString());
        assertEquals("balanced: no move would even out the load", plan.summary());
    }

    @Test
    void pinnedUnitsNeverMove() {
        List<Unit> units = new ArrayList<>(List.of(
                unit("id.service", "target=m1", "MachineID=m1"),
                unit("leader.service", "target=m1"),
                unit("follower.service", "target=m1", "MachineOf=leader.service"),
                unit("conflicting.service", "target=m1", "Conflicts=other*"),
                unit("replacing.service", "target=m1", "Replaces=old*"),
                unit("stopped.service", "target=m1", "desired=inactive"),
                atMostOneCopy("primary.service", "m1")));
        var snapshot = new ClusterSnapshot(List.of(machine("m1"), machine("m2")), units);
        var plan = spread.plan(snapshot, 10);
        assertTrue(plan.moves().isEmpty(), lines(plan).toString());
        assertEquals(new Rebalancer.Verdict(false, "primary.service is pinned by AtMostOneCopy=true"),
                spread.check(snapshot, "primary.service", "m1", "m2"));
        assertEquals(new Rebalancer.Verdict(false, "leader.service is pinned by MachineOf of follower.service"),
                spread.check(snapshot, "leader.service", "m1", "m2"));
    }

    @Test
    void constraintsAreKept() {
        List<Unit> units = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            units.add(unit("web" + i + ".service", "target=m1", "MachineMetadata=role=web"));
        }
        var snapshot = new ClusterSnapshot(List.of(machine("m1", "role=web"), machine("m2", "role=db"),
                machine("m3", "role=web")), units);
        var plan = spread.plan(snapshot, 10);
        assertEquals(List.of("m3"), plan.moves().stream().map(Rebalancer.Move::to).distinct().toList());
        assertFalse(spread.check(snapshot, "web1.service", "m1", "m2").fits());
        assertTrue(spread.check(snapshot, "web1.service", "m1", "m2").reason().startsWith("does not fit m2:"),
                spread.check(snapshot, "web1.service", "m1", "m2").reason());
    }

    @Test
    void binpackPlansNoMove() {
        var plan = new Rebalancer(Strategy.BINPACK).plan(crowded(), 10);
        assertTrue(plan.moves().isEmpty());
        assertTrue(plan.summary().contains("binpack"));
    }

    @Test
    void aCheckedMoveMustStillHold() {
        var snapshot = crowded();
        assertEquals(new Rebalancer.Verdict(true, "m1 runs 6 units, m3 runs 0"), spread.check(snapshot, "a1.service", "m1", "m3"));
        assertFalse(spread.check(snapshot, "a1.service", "m2", "m3").fits());
        ClusterSnapshot after = new ClusterSnapshot(snapshot.machines(),
                List.of(unit("a.service", "target=m1"), unit("b.service", "target=m1"), unit("c.service", "target=m3")));
        assertEquals(new Rebalancer.Verdict(false, "no longer evens out the load: m1 runs 2 units, m3 runs 1"),
                spread.check(after, "a.service", "m1", "m3"));
        assertEquals(new Rebalancer.Verdict(false, "machine m9 is gone"), spread.check(snapshot, "a1.service", "m1", "m9"));
        assertEquals(new Rebalancer.Verdict(false, "unit x.service no longer exists"),
                spread.check(snapshot, "x.service", "m1", "m3"));
    }

    /** Over random clusters: deterministic, bounded, every move lowers the spread, and every move passes the check. */
    @Test
    void randomClustersNeverGetWorse() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            ClusterSnapshot snapshot = randomCluster(random);
            int max = random.nextInt(6);
            var plan = spread.plan(snapshot, max);
            assertEquals(plan, spread.plan(snapshot, max), "same snapshot, same plan");
            assertTrue(plan.moves().size() <= max);
            ClusterSnapshot now = snapshot;
            for (Rebalancer.Move m : plan.moves()) {
                assertTrue(spread.check(now, m.unit(), m.from(), m.to()).fits(), m.toString());
                int before = spreadOf(now);
                now = moved(now, m);
                assertTrue(spreadOf(now) <= before, "a move made it worse: " + m);
                assertTrue(Scheduler.spread().plan(now).decisions().stream()
                        .noneMatch(d -> d instanceof Decision.Unschedule), "a move broke a constraint: " + m);
            }
        }
    }

    private static ClusterSnapshot randomCluster(Random random) {
        List<Machine> machines = new ArrayList<>();
        int n = 2 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            machines.add(machine("m" + i, "role=" + (random.nextBoolean() ? "web" : "db")));
        }
        ClusterSnapshot empty = new ClusterSnapshot(machines, List.of());
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < random.nextInt(14); i++) {
            String name = "u" + i + ".service";
            units.add(switch (random.nextInt(4)) {
                case 0 -> unit(name, "MachineMetadata=role=web");
                case 1 -> unit(name, "Conflicts=u1*");
                default -> unit(name);
            });
        }
        // placed by the scheduler on the first machines only: crowded ones, as after a machine returned
        List<Machine> few = machines.subList(0, 1 + random.nextInt(n));
        Plan placed = Scheduler.spread().plan(new ClusterSnapshot(few, units));
        List<Unit> out = new ArrayList<>();
        for (Unit u : new ClusterSnapshot(few, units).apply(placed).units()) {
            out.add(u);
        }
        return new ClusterSnapshot(empty.machines(), out);
    }

    private static ClusterSnapshot moved(ClusterSnapshot s, Rebalancer.Move m) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : s.units()) {
            out.add(u.name().equals(m.unit()) ? u.withTarget(Optional.of(m.to())) : u);
        }
        return new ClusterSnapshot(s.machines(), out);
    }

    /** Sum of squared loads: lower is more even. */
    private static int spreadOf(ClusterSnapshot s) {
        Map<String, Integer> load = new HashMap<>();
        s.machines().forEach(m -> load.put(m.id(), 0));
        s.units().forEach(u -> u.target().ifPresent(t -> load.merge(t, 1, Integer::sum)));
        return load.values().stream().mapToInt(l -> l * l).sum();
    }

    private static Unit atMostOneCopy(String name, String target) {
        Requirements r = new Requirements(Optional.empty(), List.of(), Map.of(), List.of(), false, List.of(), true);
        return new Unit(name, r, DesiredState.LAUNCHED, Optional.of(target), Resources.NONE);
    }
}
