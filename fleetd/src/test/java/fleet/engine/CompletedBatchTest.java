package fleet.engine;

import static fleet.engine.EnginePlannerTest.machine;
import static fleet.engine.EnginePlannerTest.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.registry.CompletionRecord;
import fleet.registry.PlacementOp;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.schedule.Scheduler;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** Batch units: once completed at their version, planned as loaded, wherever they are (re)placed. */
class CompletedBatchTest {
    static final UnitFile BATCH = oneshot("Batch", "true");
    static final UnitFile PLAIN_ONESHOT = oneshot("MachineMetadata", "x=1");
    static final long AT = 1_764_784_800_000L; // 2025-12-03T18:00:00Z

    final EnginePlanner planner = new EnginePlanner(Scheduler.spread());

    static UnitFile oneshot(String key, String value) {
        return UnitFile.of(List.of(new UnitOption("Service", "Type", "oneshot"),
                new UnitOption("Service", "ExecStart", "/bin/true"), new UnitOption("X-Fleet", key, value)));
    }

    static RegistrySnapshot snapshot(StoredUnit u, List<ScheduledUnit> schedule, Map<String, CompletionRecord> done,
            String... machines) {
        return new RegistrySnapshot(7, Map.of(u.name(), u), schedule, Map.of(),
                java.util.Arrays.stream(machines).collect(java.util.stream.Collectors.toMap(m -> m,
                        m -> machine(m, Map.of("x", "1")))), List.of(), done);
    }

    static ScheduledUnit on(String machine, UnitFile file, DesiredState state) {
        return new ScheduledUnit(machine, "job.service", file.hash(), state);
    }

    @Test
    void aCompletedBatchUnitsPlacementIsRewrittenLoadedWithTheReason() {
        EnginePlan plan = planner.plan(snapshot(unit("job.service", BATCH, DesiredState.LAUNCHED),
                List.of(on("m1", BATCH, DesiredState.LAUNCHED)),
                Map.of("job.service", new CompletionRecord("job.service", BATCH.hash(), "m1", AT)), "m1", "m2"));
        assertThat(plan.ops()).containsExactlyInAnyOrder(
                new PlacementOp.Place("job.service", "m1", BATCH.hash(), DesiredState.LOADED),
                new PlacementOp.SetReasons("job.service", new UnitReasons(Map.of(),
                        "completed on m1 at 2025-12-03T18:00:00Z (Batch=true): not started again until replaced or destroyed")));
    }

    @Test
    void rescheduledFromALostMachineItIsPlacedLoadedNotLaunched() {
        EnginePlan plan = planner.plan(snapshot(unit("job.service", BATCH, DesiredState.LAUNCHED),
                List.of(on("gone", BATCH, DesiredState.LOADED)),
                Map.of("job.service", new CompletionRecord("job.service", BATCH.hash(), "gone", AT)), "m2"));
        assertThat(plan.ops()).contains(new PlacementOp.Place("job.service", "m2", BATCH.hash(), DesiredState.LOADED))
                .doesNotContain(new PlacementOp.Place("job.service", "m2", BATCH.hash(), DesiredState.LAUNCHED));
    }

    @Test
    void aNewVersionOrAUnitWithoutBatchRunsAgain() {
        UnitFile v2 = oneshot("Batch", "yes");
        EnginePlan replaced = planner.plan(snapshot(unit("job.service", v2, DesiredState.LAUNCHED), List.of(),
                Map.of("job.service", new CompletionRecord("job.service", BATCH.hash(), "m1", AT)), "m1"));
        assertThat(replaced.ops()).containsExactly(new PlacementOp.Place("job.service", "m1", v2.hash(), DesiredState.LAUNCHED));
        EnginePlan plain = new EnginePlanner(Scheduler.spread()).plan(snapshot(unit("job.service", PLAIN_ONESHOT,
                DesiredState.LAUNCHED), List.of(), Map.of("job.service",
                        new CompletionRecord("job.service", PLAIN_ONESHOT.hash(), "m1", AT)), "m1"));
        assertThat(plain.ops()).containsExactly(
                new PlacementOp.Place("job.service", "m1", PLAIN_ONESHOT.hash(), DesiredState.LAUNCHED));
    }
}
