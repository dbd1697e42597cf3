package fleet.engine;

import static fleet.engine.EnginePlannerTest.machine;
import static fleet.engine.EnginePlannerTest.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.constraint.FailurePolicy;
import fleet.constraint.ParsedUnitCache;
import fleet.registry.FailureRecord;
import fleet.registry.PlacementOp;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.schedule.Scheduler;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** Units with RescheduleOnFailure: failures in, avoided machines and moves with their reasons out. */
class FailedUnitMovesTest {
    static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");
    static final FailurePolicy THREE_IN_10M = new FailurePolicy(3, Duration.ofMinutes(10));
    static final UnitFile FLAKY = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/false"),
            new UnitOption("X-Fleet", "RescheduleOnFailure", "3 in 10m")));
    static final UnitFile PLAIN_FLAKY = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/false")));

    final EnginePlanner planner = new EnginePlanner(Scheduler.spread(), new ParsedUnitCache(16),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static FailureRecord failures(String unit, String machine, long... secondsAgo) {
        return new FailureRecord(unit, machine,
                java.util.Arrays.stream(secondsAgo).map(s -> NOW.minusSeconds(s).toEpochMilli()).boxed().toList());
    }

    static RegistrySnapshot snapshot(StoredUnit u, String on, List<FailureRecord> failures, String... machines) {
        return new RegistrySnapshot(7, Map.of(u.name(), u),
                List.of(new ScheduledUnit(on, u.name(), u.file().hash(), DesiredState.LAUNCHED)), Map.of(),
                java.util.Arrays.stream(machines).collect(java.util.stream.Collectors.toMap(m -> m, m -> machine(m, Map.of()))),
                failures, Map.of());
    }

    @Test
    void onlyMachinesWithCountFailuresInsideTheWindowAreAvoided() {
        FailureAvoidance a = new FailureAvoidance(List.of(failures("a.service", "m1", 10, 200, 500),
                failures("a.service", "m2", 10, 20, 700), failures("b.service", "m3", 1, 2, 3)));
        assertThat(a.avoided("a.service", THREE_IN_10M, NOW)).containsOnlyKeys("m1");
        assertThat(a.avoided("a.service", THREE_IN_10M, NOW).get("m1")).isEqualTo(
                "failed 3 times within 10m (RescheduleOnFailure=3 in 10m), avoided until 2026-12-03T18:01:40Z");
        assertThat(a.avoided("a.service", THREE_IN_10M, NOW.plusSeconds(101))).isEmpty();
    }

    @Test
    void aUnitThatFailedThreeTimesMovesWithTheReasonShown() {
        EnginePlan plan = planner.plan(snapshot(unit("a.service", FLAKY, DesiredState.LAUNCHED), "m1",
                List.of(failures("a.service", "m1", 5, 10, 15)), "m1", "m2"));
        assertThat(plan.ops()).contains(new PlacementOp.Unschedule("a.service", "m1"),
                new PlacementOp.Place("a.service", "m2", FLAKY.hash(), DesiredState.LAUNCHED));
        UnitReasons why = plan.ops().stream().filter(o -> o instanceof PlacementOp.SetReasons)
                .map(o -> ((PlacementOp.SetReasons) o).reasons()).findFirst().orElseThrow();
        assertThat(why.summary()).startsWith("runs on m2; avoids m1, where it failed 3 times within 10m");
        assertThat(why.machines()).containsOnlyKeys("m1");
    }

    @Test
    void twoFailuresAreNotEnough() {
        EnginePlan plan = planner.plan(snapshot(unit("a.service", FLAKY, DesiredState.LAUNCHED), "m1",
                List.of(failures("a.service", "m1", 5, 10)), "m1", "m2"));
        assertThat(plan.ops()).isEmpty();
    }

    @Test
    void aUnitWithoutTheOptionIsNeverMoved() {
        EnginePlan plan = planner.plan(snapshot(unit("a.service", PLAIN_FLAKY, DesiredState.LAUNCHED), "m1",
                List.of(failures("a.service", "m1", 5, 10, 15, 20)), "m1", "m2"));
        assertThat(plan.ops()).isEmpty();
    }

    @Test
    void withNoOtherMachineItStaysAndSaysWhy() {
        EnginePlan plan = planner.plan(snapshot(unit("a.service", FLAKY, DesiredState.LAUNCHED), "m2",
                List.of(failures("a.service", "m1", 100, 200, 300), failures("a.service", "m2", 5, 10, 15)),
                "m1", "m2"));
        assertThat(plan.ops()).hasSize(1);
        PlacementOp.SetReasons why = (PlacementOp.SetReasons) plan.ops().get(0);
        assertThat(why.reasons().summary()).startsWith("stays on m2, where it failed 3 times within 10m")
                .endsWith(": no other machine fits");
        assertThat(why.reasons().machines()).containsOnlyKeys("m1", "m2");
    }
}
