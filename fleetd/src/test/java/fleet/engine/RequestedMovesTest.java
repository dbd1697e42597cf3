package fleet.engine;

import static fleet.engine.EnginePlannerTest.machine;
import static fleet.engine.EnginePlannerTest.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import fleet.registry.MoveRecord;
import fleet.registry.PlacementOp;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.schedule.Decision;
import fleet.schedule.Scheduler;
import fleet.schedule.Strategy;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** A pass of the engine's planner with rebalancing moves on record: carried out, refused, or left alone. */
class RequestedMovesTest {
    static final UnitFile PLAIN = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1d")));
    static final UnitFile PINNED = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1d"),
            new UnitOption("X-Fleet", "MachineID", "m1")));

    /** a, b, c and pinned on m1; m2 empty. */
    static RegistrySnapshot snapshot(Map<String, MoveRecord> moves) {
        List<StoredUnit> units = new ArrayList<>();
        List<ScheduledUnit> schedule = new ArrayList<>();
        for (String name : List.of("a.service", "b.service", "c.service", "pinned.service")) {
            UnitFile file = name.startsWith("pinned") ? PINNED : PLAIN;
            units.add(unit(name, file, DesiredState.LAUNCHED));
            schedule.add(new ScheduledUnit("m1", name, file.hash(), DesiredState.LAUNCHED));
        }
        return new RegistrySnapshot(7, units.stream().collect(Collectors.toMap(StoredUnit::name, u -> u)), schedule,
                Map.of(), Map.of("m1", machine("m1", Map.of()), "m2", machine("m2", Map.of())), List.of(), Map.of(),
                moves);
    }

    static MoveRecord request(String unit, long at) {
        return MoveRecord.request(unit, "m1", "m2", "m1 runs 4 units, m2 runs 0", at);
    }

    @Test
    void theOldestPendingMoveIsMadeAsOneEngineWriteWithItsOutcome() {
        EnginePlan plan = new EnginePlanner(Scheduler.spread()).plan(snapshot(Map.of(
                "b.service", request("b.service", 2), "a.service", request("a.service", 5))));
        assertThat(plan.ops()).containsExactly(new PlacementOp.Unschedule("b.service", "m1"),
                new PlacementOp.Place("b.service", "m2", PLAIN.hash(), DesiredState.LAUNCHED),
                new PlacementOp.RecordMove("b.service", request("b.service", 2).decided(true,
                        "m1 runs 4 units, m2 runs 0")));
        assertThat(plan.decisions()).extracting(Decision::reason)
                .containsOnly("rebalance: m1 runs 4 units, m2 runs 0");
    }

    @Test
    void aPinnedUnitIsRefusedAndStays() {
        EnginePlan plan = new EnginePlanner(Scheduler.spread()).plan(snapshot(Map.of(
                "pinned.service", request("pinned.service", 1))));
        assertThat(plan.ops()).containsExactly(new PlacementOp.RecordMove("pinned.service",
                request("pinned.service", 1).decided(false, "pinned.service is pinned by MachineID=m1")));
    }

    @Test
    void binpackRefusesAndDecidedMovesAreLeftAlone() {
        EnginePlan binpack = new EnginePlanner(new Scheduler(Strategy.BINPACK, 0)).plan(snapshot(Map.of(
                "a.service", request("a.service", 1))));
        assertThat(binpack.ops()).containsExactly(new PlacementOp.RecordMove("a.service",
                request("a.service", 1).decided(false, "the binpack strategy keeps units together")));

        EnginePlan decided = new EnginePlanner(Scheduler.spread()).plan(snapshot(Map.of(
                "a.service", request("a.service", 1).decided(true, "done"))));
        assertThat(decided.ops()).isEmpty();
    }
}
