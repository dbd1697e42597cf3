package fleet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.constraint.ParsedUnitCache;
import fleet.registry.RegistrySnapshot;
import fleet.registry.MachineInfo;
import fleet.registry.PlacementOp;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitRecord;
import fleet.schedule.Scheduler;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The planner's own duties beside the scheduler's: destroyed units, refreshed entries, reasons. */
class EnginePlannerTest {
    static final UnitFile PLAIN = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
    static final UnitFile ROLE_DB = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
            new UnitOption("X-Fleet", "MachineMetadata", "role=db")));
    static final UnitFile BAD = UnitFile.of(List.of(new UnitOption("X-Fleet", "MachineID", "0123456789abcdef0123456789abcdef"),
            new UnitOption("X-Fleet", "Global", "true")));

    final EnginePlanner planner = new EnginePlanner(Scheduler.spread());

    static StoredUnit unit(String name, UnitFile file, DesiredState state) {
        return new StoredUnit(new UnitRecord(name, file.hash(), state, false), file);
    }

    static MachineInfo machine(String id, Map<String, String> metadata) {
        return new MachineInfo(id, "10.0.0.1", metadata, "test", new MachineInfo.Capacity(0, 0), false);
    }

    static RegistrySnapshot snapshot(List<StoredUnit> units, List<ScheduledUnit> schedule,
            Map<String, UnitReasons> reasons, List<MachineInfo> machines) {
        return new RegistrySnapshot(7, units.stream().collect(java.util.stream.Collectors.toMap(StoredUnit::name, u -> u)),
                schedule, reasons, machines.stream().collect(java.util.stream.Collectors.toMap(MachineInfo::id, m -> m)));
    }

    @Test
    void placesAnUnscheduledUnitWithItsHashAndDesiredState() {
        EnginePlan plan = planner.plan(snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED)), List.of(),
                Map.of(), List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).containsExactly(
                new PlacementOp.Place("a.service", "m1", PLAIN.hash(), DesiredState.LAUNCHED));
    }

    @Test
    void aDestroyedUnitsPlacementIsRemoved() {
        EnginePlan plan = planner.plan(snapshot(List.of(),
                List.of(new ScheduledUnit("m1", "gone.service", PLAIN.hash(), DesiredState.LAUNCHED)), Map.of(),
                List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).containsExactly(new PlacementOp.Unschedule("gone.service", "m1"));
        assertThat(plan.housekeeping()).singleElement().asString().contains("destroyed");
    }

    @Test
    void aChangedDesiredStateOrHashIsWrittenAgainOnTheSameMachine() {
        EnginePlan plan = planner.plan(snapshot(List.of(unit("a.service", PLAIN, DesiredState.LOADED)),
                List.of(new ScheduledUnit("m1", "a.service", PLAIN.hash(), DesiredState.LAUNCHED)), Map.of(),
                List.of(machine("m1", Map.of()), machine("m0", Map.of()))));
        assertThat(plan.ops()).containsExactly(
                new PlacementOp.Place("a.service", "m1", PLAIN.hash(), DesiredState.LOADED));
    }

    @Test
    void anUpToDateClusterNeedsNoWrites() {
        EnginePlan plan = planner.plan(snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED)),
                List.of(new ScheduledUnit("m1", "a.service", PLAIN.hash(), DesiredState.LAUNCHED)), Map.of(),
                List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).isEmpty();
    }

    @Test
    void reasonsAreWrittenOnceAndClearedWhenTheUnitIsPlaced() {
        List<MachineInfo> webOnly = List.of(machine("m1", Map.of("role", "web")));
        EnginePlan first = planner.plan(snapshot(List.of(unit("db.service", ROLE_DB, DesiredState.LAUNCHED)),
                List.of(), Map.of(), webOnly));
        assertThat(first.ops()).singleElement().isInstanceOf(PlacementOp.SetReasons.class);
        UnitReasons written = ((PlacementOp.SetReasons) first.ops().get(0)).reasons();
        assertThat(written.machines().get("m1")).contains("role=db");

        EnginePlan again = planner.plan(snapshot(List.of(unit("db.service", ROLE_DB, DesiredState.LAUNCHED)),
                List.of(), Map.of("db.service", written), webOnly));
        assertThat(again.ops()).as("same verdict, nothing to write").isEmpty();

        EnginePlan placed = planner.plan(snapshot(List.of(unit("db.service", ROLE_DB, DesiredState.LAUNCHED)),
                List.of(), Map.of("db.service", written), List.of(machine("m2", Map.of("role", "db")))));
        assertThat(placed.ops()).containsExactlyInAnyOrder(
                new PlacementOp.Place("db.service", "m2", ROLE_DB.hash(), DesiredState.LAUNCHED),
                new PlacementOp.ClearReasons("db.service"));
    }

    @Test
    void aUnitWithInvalidRequirementsIsNotPlacedAndSaysWhy() {
        EnginePlan plan = planner.plan(snapshot(List.of(unit("bad.service", BAD, DesiredState.LAUNCHED)), List.of(),
                Map.of(), List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).singleElement().isInstanceOfSatisfying(PlacementOp.SetReasons.class,
                r -> assertThat(r.reasons().summary()).contains("MachineID cannot be used with Global"));
    }

    @Test
    void unitsOnAHeldMachineStayThereWithTheHoldAsTheirReasonAndTheOthersMove() {
        List<ScheduledUnit> onLost = List.of(new ScheduledUnit("m2", "a.service", PLAIN.hash(), DesiredState.LAUNCHED),
                new ScheduledUnit("m2", "b.service", PLAIN.hash(), DesiredState.LAUNCHED));
        RegistrySnapshot s = snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED),
                unit("b.service", PLAIN, DesiredState.INACTIVE)), onLost, Map.of(), List.of(machine("m1", Map.of())));

        EnginePlan held = planner.plan(s, Map.of("m2", "etcd was unreachable"));
        assertThat(held.ops()).as("a stays on m2; b, no longer wanted anywhere, is unscheduled").containsExactlyInAnyOrder(
                new PlacementOp.Unschedule("b.service", "m2"),
                new PlacementOp.SetReasons("a.service", new UnitReasons(Map.of("m2", "etcd was unreachable"),
                        "kept on lost machine m2 for now: etcd was unreachable")));

        EnginePlan released = planner.plan(s);
        assertThat(released.ops()).contains(new PlacementOp.Place("a.service", "m1", PLAIN.hash(), DesiredState.LAUNCHED));
    }

    @Test
    void aRegisteredButHeldMachineKeepsItsUnitsAndTakesNoNewOnes() {
        RegistrySnapshot s = snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED),
                unit("b.service", PLAIN, DesiredState.LAUNCHED), unit("c.service", PLAIN, DesiredState.LAUNCHED)),
                List.of(new ScheduledUnit("m1", "a.service", PLAIN.hash(), DesiredState.LAUNCHED),
                        new ScheduledUnit("m1", "b.service", PLAIN.hash(), DesiredState.LAUNCHED)),
                Map.of(), List.of(machine("m1", Map.of()), machine("m2", Map.of())));
        assertThat(planner.plan(s, Map.of("m2", "fleetd on m2 was stopped")).ops()).as("m2 has fewer units, yet")
                .contains(new PlacementOp.Place("c.service", "m1", PLAIN.hash(), DesiredState.LAUNCHED));
        assertThat(planner.plan(s).ops()).contains(new PlacementOp.Place("c.service", "m2", PLAIN.hash(),
                DesiredState.LAUNCHED));
    }

    @Test
    void aUnitWhoseResourceRequestCannotBeReadSaysWhyAndTheOthersAreStillPlaced() {
        UnitFile badMemory = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("Service", "MemoryMax", "lots")));
        EnginePlan plan = planner.plan(snapshot(List.of(unit("bad.service", badMemory, DesiredState.LAUNCHED),
                unit("a.service", PLAIN, DesiredState.LAUNCHED)), List.of(), Map.of(), List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).contains(new PlacementOp.Place("a.service", "m1", PLAIN.hash(), DesiredState.LAUNCHED));
        assertThat(plan.ops()).filteredOn(PlacementOp.SetReasons.class::isInstance).singleElement()
                .isInstanceOfSatisfying(PlacementOp.SetReasons.class, r -> assertThat(r.reasons().summary())
                        .isEqualTo("invalid unit: [Service] MemoryMax=lots: not a size (bytes, optionally with K, M, G, "
                                + "T, P or E; or infinity)"));
    }

    @Test
    void aQuotedGlobalIsLeftToTheAgents() {
        UnitFile quoted = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("X-Fleet", "Global", "\"true\"")));
        EnginePlan plan = planner.plan(snapshot(List.of(unit("g.service", quoted, DesiredState.LAUNCHED)), List.of(),
                Map.of(), List.of(machine("m1", Map.of()))));
        assertThat(plan.ops()).isEmpty();
    }

    @Test
    void aSecondPassOverTheSameUnitsParsesNothing() {
        ParsedUnitCache cache = new ParsedUnitCache(16);
        EnginePlanner cached = new EnginePlanner(Scheduler.spread(), cache);
        RegistrySnapshot s = snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED),
                unit("db.service", ROLE_DB, DesiredState.LAUNCHED)), List.of(), Map.of(), List.of(machine("m1", Map.of())));
        cached.plan(s);
        cached.plan(s);
        assertThat(cache.parses()).isEqualTo(2);
    }

    @Test
    void leadingPlacesAreHandedEarlyInChunksAsTheFirstOps() {
        List<StoredUnit> units = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            units.add(unit(String.format("u%03d.service", i), PLAIN, DesiredState.LAUNCHED));
        }
        List<List<PlacementOp.Place>> handed = new java.util.ArrayList<>();
        EnginePlan plan = planner.plan(snapshot(units, List.of(), Map.of(), List.of(machine("m1", Map.of()))), Map.of(),
                handed::add);

        assertThat(handed).extracting(List::size).containsExactly(64, 64, 22);
        assertThat(plan.handedEarly()).isEqualTo(150);
        assertThat(handed.stream().flatMap(List::stream).toList()).isEqualTo(plan.ops());
        assertThat(plan.rest()).isEmpty();
    }

    @Test
    void nothingGoesEarlyFromTheFirstUnscheduleOn() {
        EnginePlan plan = planner.plan(snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED),
                unit("b.service", ROLE_DB, DesiredState.LAUNCHED)),
                List.of(new ScheduledUnit("m1", "b.service", ROLE_DB.hash(), DesiredState.LAUNCHED)), Map.of(),
                List.of(machine("m1", Map.of()), machine("m2", Map.of("role", "db")))), Map.of(), places -> {
                    throw new AssertionError("handed early: " + places);
                });

        assertThat(plan.handedEarly()).isZero();
        assertThat(plan.rest()).contains(new PlacementOp.Unschedule("b.service", "m1"),
                new PlacementOp.Place("b.service", "m2", ROLE_DB.hash(), DesiredState.LAUNCHED));
    }

    @Test
    void housekeepingBeforeThePlacesKeepsThemAllForOneCall() {
        List<List<PlacementOp.Place>> handed = new java.util.ArrayList<>();
        EnginePlan plan = planner.plan(snapshot(List.of(unit("a.service", PLAIN, DesiredState.LAUNCHED)),
                List.of(new ScheduledUnit("m1", "gone.service", PLAIN.hash(), DesiredState.LAUNCHED)), Map.of(),
                List.of(machine("m1", Map.of()))), Map.of(), handed::add);

        assertThat(handed).isEmpty();
        assertThat(plan.rest()).hasSize(2);
    }
}
