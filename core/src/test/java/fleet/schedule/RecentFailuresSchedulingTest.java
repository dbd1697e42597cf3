package fleet.schedule;

import static fleet.schedule.Fixtures.describe;
import static fleet.schedule.Fixtures.machine;
import static fleet.schedule.Fixtures.snapshot;
import static fleet.schedule.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Units that avoid machines they failed on: moved when another fits, kept when none does. */
class RecentFailuresSchedulingTest {
    private static final String FAILED = "failed 3 times within 10m";

    private static Unit avoiding(Unit u, Map<String, String> avoid) {
        return new Unit(u.name(), u.requirements(), u.desired(), u.target(), u.requests(), avoid);
    }

    @Test
    void aUnitThatFailedOnItsMachineMovesToOneThatFits() {
        Plan plan = Scheduler.spread().plan(snapshot(List.of(machine("m1"), machine("m2")),
                List.of(avoiding(unit("a.service", "target=m1"), Map.of("m1", FAILED)))));
        assertThat(describe(plan)).containsExactly(
                "unschedule a.service from m1: no longer fits: " + FAILED, "place a.service on m2");
    }

    @Test
    void itStaysWhenEveryOtherMachineIsVetoed() {
        Plan plan = Scheduler.spread().plan(snapshot(List.of(machine("m1"), machine("m2", "role=web")),
                List.of(avoiding(unit("a.service", "target=m1", "Conflicts=b.service"), Map.of("m1", FAILED)),
                        unit("b.service", "target=m2"))));
        assertThat(plan.decisions()).isEmpty();
    }

    @Test
    void itStaysWhenItFailedEverywhere() {
        Plan plan = Scheduler.spread().plan(snapshot(List.of(machine("m1"), machine("m2")),
                List.of(avoiding(unit("a.service", "target=m2"), Map.of("m1", FAILED, "m2", FAILED)))));
        assertThat(plan.decisions()).isEmpty();
    }

    @Test
    void aNewUnitIsNotPlacedOnAnAvoidedMachine() {
        Plan plan = Scheduler.spread().plan(snapshot(List.of(machine("m1"), machine("m2")),
                List.of(unit("x.service", "target=m2"), avoiding(unit("a.service"), Map.of("m1", FAILED)))));
        assertThat(describe(plan)).containsExactly("place a.service on m2");
    }

    @Test
    void withNoMachineLeftItIsUnplaceableWithTheFailuresAsReasons() {
        Plan plan = Scheduler.spread().plan(snapshot(List.of(machine("m1")),
                List.of(avoiding(unit("a.service"), Map.of("m1", FAILED)))));
        assertThat(describe(plan)).containsExactly("unplaceable a.service: m1: " + FAILED);
    }

    @Test
    void theIncrementalPassMovesItOnceItsFailuresArrive() {
        Scheduler s = Scheduler.spread();
        Scheduler.Planned first = s.plan(snapshot(List.of(machine("m1"), machine("m2")),
                List.of(unit("a.service", "target=m1"))), PlanMemo.none());
        assertThat(first.plan().decisions()).isEmpty();
        Scheduler.Planned second = s.plan(snapshot(List.of(machine("m1"), machine("m2")),
                List.of(avoiding(unit("a.service", "target=m1"), Map.of("m1", FAILED)))), first.memo());
        assertThat(second.incremental()).isTrue();
        assertThat(describe(second.plan())).containsExactly(
                "unschedule a.service from m1: no longer fits: " + FAILED, "place a.service on m2");
    }
}
