package fleet.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitStateEntity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of a global unit's rollout: order, resumption, a fixed body after a failed one. */
class GlobalRolloutTest {
    private static final String OLD = "1111111111111111111111111111111111111111";
    private static final String NEW = "2222222222222222222222222222222222222222";
    private static final String FIXED = "3333333333333333333333333333333333333333";

    private static UnitStateEntity state(String machine, String hash, String active) {
        return new UnitStateEntity("mon.service", hash, machine, "loaded", active, "running", null);
    }

    @Test
    void aNewRolloutTakesTheMachinesThatRunTheUnitByIdInStepsOfTheBudget() {
        List<UnitStateEntity> states = List.of(state("m3", OLD, "active"), state("m1", OLD, "active"),
                state("m2", OLD, "failed"), state("m4", OLD, "active"));

        GlobalRollout r = GlobalRollout.plan("mon.service", NEW, null, states, 3);

        assertThat(r.order()).containsExactly("m1", "m2", "m3", "m4");
        assertThat(r.taken()).isEmpty();
        assertThat(r.waiting()).isEmpty();
        assertThat(r.steps()).containsExactly(List.of("m1", "m2", "m3"), List.of("m4"));
        assertThat(r.record(List.of("m1"))).isEqualTo(new UnitRolloutEntity(NEW, List.of("m1", "m2", "m3", "m4"),
                List.of("m1"), 3));
    }

    @Test
    void theSameBodyResumesInItsOrderWaitingForTakenMachinesNotYetActive() {
        UnitRolloutEntity stored = new UnitRolloutEntity(NEW, List.of("m3", "m1", "m2"), List.of("m3", "m1"), 1);
        List<UnitStateEntity> states = List.of(state("m3", NEW, "active"), state("m1", NEW, "activating"),
                state("m2", OLD, "active"), state("m0", OLD, "active"));

        GlobalRollout r = GlobalRollout.plan("mon.service", NEW, stored, states, 1);

        assertThat(r.order()).containsExactly("m3", "m1", "m2", "m0");
        assertThat(r.taken()).containsExactly("m3", "m1");
        assertThat(r.waiting()).containsExactly("m1");
        assertThat(r.steps()).containsExactly(List.of("m2"), List.of("m0"));
    }

    @Test
    void aFixedBodyStartsOverWithTheMachinesTheFailedOneHadMovedFirst() {
        UnitRolloutEntity failed = new UnitRolloutEntity(NEW, List.of("m1", "m2", "m3"), List.of("m1", "m2"), 1);
        List<UnitStateEntity> states = List.of(state("m1", NEW, "active"), state("m2", NEW, "failed"),
                state("m3", OLD, "active"));

        GlobalRollout r = GlobalRollout.plan("mon.service", FIXED, failed, states, 2);

        assertThat(r.taken()).isEmpty();
        assertThat(r.steps()).containsExactly(List.of("m1", "m2"), List.of("m3"));
    }

    @Test
    void aStepIsDoneWhenEachMachineIsActiveOnTheNewBodyAndFailsOnTheFirstFailedOne() {
        GlobalRollout r = GlobalRollout.plan("mon.service", NEW, null, List.of(state("m1", OLD, "active"),
                state("m2", OLD, "active")), 1);

        assertThat(r.notActive(List.of(state("m1", OLD, "active")), List.of("m1"))).containsExactly("m1");
        assertThat(r.notActive(List.of(state("m1", NEW, "active")), List.of("m1"))).isEmpty();
        assertThat(r.failure(List.of(state("m1", OLD, "failed"), state("m2", NEW, "active")), List.of("m1", "m2")))
                .isNull();
        assertThat(r.failure(List.of(state("m1", NEW, "active"), state("m2", NEW, "failed")), List.of("m1", "m2")))
                .isEqualTo("m2 (ActiveState=failed, SubState=running)");
    }
}
