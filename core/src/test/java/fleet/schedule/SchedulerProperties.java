package fleet.schedule;

import fleet.unit.DesiredState;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.constraint.Requirements;
import fleet.constraint.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of {@link Scheduler#plan} over generated clusters, for every strategy. */
class SchedulerProperties {

    /** A generated unit: which X-Fleet option it uses and small integers to pick its values. */
    record UnitSpec(int kind, int a, int b, int target, int desired, int memory) {
    }

    record MachineSpec(int role, int zone, int memory) {
    }

    record Case(ClusterSnapshot snapshot, Strategy strategy, long seed) {
    }

    static Arbitrary<MachineSpec> machineSpecs() {
        return Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 3)).as(MachineSpec::new);
    }

    static Arbitrary<UnitSpec> unitSpecs() {
        return Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(-2, 6), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 3)).as(UnitSpec::new);
    }

    @Provide
    Arbitrary<Case> clusters() {
        return Combinators.combine(machineSpecs().list().ofMaxSize(6), unitSpecs().list().ofMaxSize(18),
                Arbitraries.of(Strategy.class), Arbitraries.longs()).as(
                        (ms, us, strategy, seed) -> new Case(build(ms, us), strategy, seed));
    }

    static ClusterSnapshot build(List<MachineSpec> ms, List<UnitSpec> us) {
        List<Machine> machines = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            MachineSpec m = ms.get(i);
            Resources cap = m.memory() == 0 ? Resources.UNBOUNDED : new Resources(4000, (long) m.memory() << 30);
            machines.add(new Machine(String.format("%08d", i) + "deadbeef", "", Map.of("role", "r" + m.role(),
                    "zone", "z" + m.zone()), cap, Resources.NONE));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            names.add((i % 3 == 0 ? "web@" + i : "svc" + i) + ".service");
        }
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            UnitSpec s = us.get(i);
            String other = names.isEmpty() ? "none.service" : names.get(s.a() % names.size());
            Optional<String> machineId = Optional.empty();
            List<String> machineOf = List.of();
            Map<String, Set<String>> metadata = Map.of();
            List<String> conflicts = List.of();
            List<String> replaces = List.of();
            boolean global = false;
            switch (s.kind()) {
                case 1 -> machineId = Optional.of(s.b() == 3 ? "99999999" : String.format("%08d", s.a() % 7)
                        + (s.b() == 2 ? "" : "deadbeef"));
                case 2 -> machineOf = List.of(other);
                case 3 -> metadata = s.b() == 0 ? Map.of("role", Set.of("r0"))
                        : s.b() == 1 ? Map.of("role", Set.of("r1"), "zone", Set.of("z0", "z1"))
                        : Map.of("disk", Set.of("ssd"));
                case 4 -> conflicts = List.of(s.b() < 2 ? "web@*.service" : other);
                case 5 -> {
                    global = true;
                    metadata = s.b() == 0 ? Map.of("role", Set.of("r0")) : Map.of();
                    conflicts = s.b() == 1 ? List.of("svc1*") : List.of();
                }
                case 6 -> replaces = List.of(s.b() < 2 ? "svc*" : other);
                case 7 -> {
                    machineOf = List.of(other);
                    metadata = Map.of("zone", Set.of("z" + (s.b() % 2)));
                }
                default -> { }
            }
            Optional<String> target = global || s.target() == -1 ? Optional.empty()
                    : s.target() == -2 ? Optional.of("gone")
                    : Optional.of(String.format("%08d", s.target()) + "deadbeef");
            String wanted = target.orElse("gone");
            if (!wanted.equals("gone") && machines.stream().noneMatch(m -> m.id().equals(wanted))) {
                target = Optional.empty();
            }
            Resources req = new Resources(s.memory() * 500L, (long) s.memory() << 29);
            units.add(new Unit(names.get(i), new Requirements(machineId, machineOf, metadata, conflicts, global,
                    replaces), DesiredState.values()[s.desired()], target, req));
        }
        return new ClusterSnapshot(machines, units);
    }

    private static ClusterSnapshot after(Case c) {
        return c.snapshot().apply(new Scheduler(c.strategy(), c.seed()).plan(c.snapshot()));
    }

    @Property(tries = 400)
    void everyPlacementSatisfiesEveryConstraint(@ForAll("clusters") Case c) {
        ClusterSnapshot s = after(c);
        PlacementOracle oracle = new PlacementOracle(s);
        for (Machine m : s.machines()) {
            List<Unit> hosted = oracle.hosted(m);
            for (Unit u : hosted) {
                if (!u.global()) {
                    List<Unit> others = hosted.stream().filter(o -> o != u).toList();
                    assertThat(oracle.violation(u, m, others)).as(u.name() + " on " + m.id()).isEmpty();
                }
            }
        }
    }

    @Property(tries = 400)
    void decisionsMoveUnitsConsistentlyAndNeverOntoTwoMachines(@ForAll("clusters") Case c) {
        Map<String, Optional<String>> at = new HashMap<>();
        c.snapshot().units().forEach(u -> at.put(u.name(), u.target()));
        for (Decision d : new Scheduler(c.strategy(), c.seed()).plan(c.snapshot()).decisions()) {
            if (d instanceof Decision.Place p) {
                assertThat(at.get(p.unit())).as("placing " + p.unit() + " which is still on a machine").isEmpty();
                at.put(p.unit(), Optional.of(p.machine()));
            } else if (d instanceof Decision.Unschedule u) {
                assertThat(at.get(u.unit())).contains(u.machine());
                at.put(u.unit(), Optional.empty());
            }
        }
        for (Unit u : c.snapshot().units()) {
            if (u.global()) {
                assertThat(at.get(u.name())).as("global " + u.name()).isEmpty();
            }
        }
    }

    @Property(tries = 400)
    void planningTheAppliedPlanChangesNothing(@ForAll("clusters") Case c) {
        Plan first = new Scheduler(c.strategy(), c.seed()).plan(c.snapshot());
        Plan second = new Scheduler(c.strategy(), c.seed()).plan(c.snapshot().apply(first));
        assertThat(second.changes()).isEmpty();
        assertThat(names(second.unplaceable())).isEqualTo(names(first.unplaceable()));
    }

    @Property(tries = 400)
    void everyUnitLeftOffAMachineGetsAReasonFromEveryMachine(@ForAll("clusters") Case c) {
        Plan plan = new Scheduler(c.strategy(), c.seed()).plan(c.snapshot());
        ClusterSnapshot s = c.snapshot().apply(plan);
        Map<String, Decision.Unplaceable> why = plan.unplaceable().stream()
                .collect(Collectors.toMap(Decision.Unplaceable::unit, d -> d));
        Set<String> ids = s.machines().stream().map(Machine::id).collect(Collectors.toSet());
        PlacementOracle oracle = new PlacementOracle(s);
        for (Unit u : s.units()) {
            boolean shouldRun = !u.global() && u.desired() != DesiredState.INACTIVE;
            if (!shouldRun || u.target().isPresent()) {
                assertThat(why).doesNotContainKey(u.name());
                continue;
            }
            assertThat(why).as(u.name()).containsKey(u.name());
            assertThat(why.get(u.name()).summary()).isNotBlank();
            assertThat(why.get(u.name()).machines().keySet()).isEqualTo(ids);
            for (Machine m : s.machines()) {
                assertThat(oracle.violation(u, m, oracle.hosted(m))).as(u.name() + " fits " + m.id()).isPresent();
            }
        }
    }

    private static Set<String> names(List<Decision.Unplaceable> list) {
        return list.stream().map(Decision.Unplaceable::unit).collect(Collectors.toSet());
    }
}
