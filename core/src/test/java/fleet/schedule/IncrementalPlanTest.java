package fleet.schedule;

import static fleet.schedule.Fixtures.machine;
import static fleet.schedule.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a pass uses the previous pass's memo, and that it then still plans what a full pass plans. */
class IncrementalPlanTest {
    private final Scheduler scheduler = Scheduler.spread();

    private static ClusterSnapshot cluster(int units) {
        List<Unit> list = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            list.add(unit("web@" + i + ".service", "Conflicts=web@*.service"));
        }
        return new ClusterSnapshot(List.of(machine("m1"), machine("m2"), machine("m3")), list);
    }

    @Test
    void aNewUnitIsPlannedFromTheMemoAsFromScratch() {
        ClusterSnapshot two = cluster(2);
        Scheduler.Planned first = scheduler.plan(two, PlanMemo.none());
        ClusterSnapshot three = cluster(3);
        List<Unit> units = new ArrayList<>(two.apply(first.plan()).units());
        units.add(three.units().get(2));
        ClusterSnapshot next = new ClusterSnapshot(two.machines(), units);

        Scheduler.Planned second = scheduler.plan(next, first.memo());

        assertThat(second.incremental()).isTrue();
        assertThat(second.plan()).isEqualTo(scheduler.plan(next));
        assertThat(Fixtures.describe(second.plan())).hasSize(1);
    }

    @Test
    void aMemoGivenTwicePlansFromScratchTheSecondTime() {
        ClusterSnapshot two = cluster(2);
        Scheduler.Planned first = scheduler.plan(two, PlanMemo.none());
        ClusterSnapshot applied = two.apply(first.plan());

        assertThat(scheduler.plan(applied, first.memo()).incremental()).isTrue();
        Scheduler.Planned again = scheduler.plan(applied, first.memo());

        assertThat(again.incremental()).isFalse();
        assertThat(again.plan()).isEqualTo(scheduler.plan(applied));
    }

    @Test
    void anotherMachineSetPlansFromScratch() {
        ClusterSnapshot two = cluster(2);
        Scheduler.Planned first = scheduler.plan(two, PlanMemo.none());
        ClusterSnapshot fewer = new ClusterSnapshot(two.machines().subList(0, 2), two.apply(first.plan()).units());

        Scheduler.Planned second = scheduler.plan(fewer, first.memo());

        assertThat(second.incremental()).isFalse();
        assertThat(second.plan()).isEqualTo(scheduler.plan(fewer));
    }
}
