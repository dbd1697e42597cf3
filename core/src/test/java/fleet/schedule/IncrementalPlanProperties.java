package fleet.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.schedule.SchedulerProperties.MachineSpec;
import fleet.schedule.SchedulerProperties.UnitSpec;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A pass planned from the previous pass's {@link PlanMemo} makes the plan a pass from scratch makes,
 * over random sequences of changes: units added, replaced, removed, moved by hand, stopped; machines
 * lost; plans applied or not (a failed write).
 */
class IncrementalPlanProperties {

    /**
     * One change. kind 0: unit {@code index} becomes what {@code spec} builds (added if new); 1: it is
     * removed; 2: it is moved to machine {@code spec.target()} by hand; 3: its desired state flips;
     * 4: machine {@code index} is lost; 5: nothing changes. {@code applied}: the previous plan was
     * written first.
     */
    record Step(int kind, int index, UnitSpec spec, boolean applied) {}

    record Sequence(List<MachineSpec> machines, List<UnitSpec> units, List<Step> steps, Strategy strategy, long seed) {}

    @Provide
    Arbitrary<Sequence> sequences() {
        Arbitrary<MachineSpec> machine = SchedulerProperties.machineSpecs();
        Arbitrary<UnitSpec> unit = SchedulerProperties.unitSpecs();
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 24), unit, Arbitraries.of(true, true, true, false)).as(Step::new);
        return Combinators.combine(machine.list().ofMinSize(1).ofMaxSize(6), unit.list().ofMaxSize(18),
                step.list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(Strategy.class), Arbitraries.longs())
                .as(Sequence::new);
    }

    @Property(tries = 400)
    void planningFromTheMemoEqualsPlanningFromScratch(@ForAll("sequences") Sequence seq) {
        Scheduler scheduler = new Scheduler(seq.strategy(), seq.seed());
        List<UnitSpec> specs = new ArrayList<>(seq.units());
        ClusterSnapshot full = SchedulerProperties.build(seq.machines(), pad(specs, 25));
        Map<String, Unit> units = new LinkedHashMap<>();
        for (int i = 0; i < seq.units().size(); i++) {
            Unit u = full.units().get(i);
            units.put(u.name(), u);
        }
        List<Machine> machines = new ArrayList<>(full.machines());
        ClusterSnapshot snapshot = new ClusterSnapshot(machines, List.copyOf(units.values()));
        Scheduler.Planned last = scheduler.plan(snapshot, PlanMemo.none());
        assertThat(last.incremental()).isFalse();
        for (Step step : seq.steps()) {
            if (step.applied()) {
                snapshot.apply(last.plan()).units().forEach(u -> units.put(u.name(), u));
            }
            change(step, full, units, machines, seq.machines(), specs);
            snapshot = new ClusterSnapshot(machines, List.copyOf(units.values()));
            Scheduler.Planned next = scheduler.plan(snapshot, last.memo());
            assertThat(next.plan()).as("after " + step).isEqualTo(scheduler.plan(snapshot));
            last = next;
        }
    }

    private static void change(Step step, ClusterSnapshot full, Map<String, Unit> units, List<Machine> machines,
            List<MachineSpec> machineSpecs, List<UnitSpec> specs) {
        String name = full.units().get(step.index()).name();
        Unit now = units.get(name);
        switch (step.kind()) {
            case 0 -> {
                List<UnitSpec> changed = new ArrayList<>(specs);
                changed.set(step.index(), step.spec());
                Unit made = SchedulerProperties.build(machineSpecs, changed).units().get(step.index());
                units.put(name, now == null ? made : made.withTarget(now.target()));
            }
            case 1 -> units.remove(name);
            case 2 -> {
                if (now != null && !now.global()) {
                    String id = String.format("%08d", Math.floorMod(step.spec().target(), 6)) + "deadbeef";
                    units.put(name, now.withTarget(Optional.of(id)));
                }
            }
            case 3 -> {
                if (now != null) {
                    DesiredState flipped = now.desired() == DesiredState.INACTIVE ? DesiredState.LAUNCHED
                            : DesiredState.INACTIVE;
                    units.put(name, new Unit(name, now.requirements(), flipped, now.target(), now.requests()));
                }
            }
            case 4 -> {
                if (machines.size() > 1) {
                    machines.remove(step.index() % machines.size());
                }
            }
            default -> { }
        }
    }

    /** The specs, padded with plain units so that every step's index names a unit. */
    private static List<UnitSpec> pad(List<UnitSpec> specs, int size) {
        while (specs.size() < size) {
            specs.add(new UnitSpec(0, 0, 0, -1, 1, 0));
        }
        return specs;
    }
}
