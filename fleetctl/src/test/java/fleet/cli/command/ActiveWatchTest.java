package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.FakeFleetApi;
import fleet.schema.UnitStateEntity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch after a rollout step, driven poll by poll by its sleeper (no clock involved). */
class ActiveWatchTest {
    private final FakeFleetApi api = new FakeFleetApi();
    private int sleeps;

    private static UnitStateEntity state(String name, String active, String sub) {
        return new UnitStateEntity(name, "0123456", "m1", "loaded", active, sub, null);
    }

    private ActiveWatch watchFailingAtSleep(int failAt, String unit) {
        return new ActiveWatch(api, millis -> {
            sleeps++;
            if (sleeps == failAt) {
                synchronized (api) {
                    api.states.removeIf(s -> s.name().equals(unit));
                    api.states.add(state(unit, "activating", "auto-restart"));
                }
            }
        });
    }

    @Test
    void aUnitThatLeavesActiveWithinTheWindowIsReportedWithWhatSystemdSaid() {
        api.states.add(state("a.service", "active", "running"));
        api.states.add(state("b.service", "active", "running"));
        var left = watchFailingAtSleep(3, "a.service").leftActive(List.of("a.service", "b.service"), 8);
        assertThat(left).containsExactly(java.util.Map.entry("a.service",
                "ActiveState=activating, SubState=auto-restart"));
        assertThat(sleeps).isEqualTo(8);
    }

    @Test
    void aFailureAfterTheWindowIsNotSeen() {
        api.states.add(state("a.service", "active", "running"));
        assertThat(watchFailingAtSleep(5, "a.service").leftActive(List.of("a.service"), 4)).isEmpty();
        assertThat(sleeps).isEqualTo(4);
    }

    @Test
    void noWindowMeansNoWatch() {
        assertThat(watchFailingAtSleep(1, "a.service").leftActive(List.of("a.service"), 0)).isEmpty();
        assertThat(sleeps).isZero();
    }

    @Test
    void aUnitWithNoStateLeftActive() {
        assertThat(watchFailingAtSleep(99, "x").leftActive(List.of("gone.service"), 2))
                .containsEntry("gone.service", "no state on any machine");
        assertThat(sleeps).as("stops once every unit is decided").isEqualTo(1);
    }
}
