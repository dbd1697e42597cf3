package fleet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fleet.constraint.Requirements;
import fleet.constraint.XFleetParser;
import fleet.schedule.ClusterSnapshot;
import fleet.schedule.Decision;
import fleet.schedule.Machine;
import fleet.schedule.Scheduler;
import fleet.schedule.Strategy;
import fleet.schedule.Unit;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;

/** The causes of decisions the real scheduler makes, so that a reworded reason fails here. */
class DecisionCauseTest {

    private static Unit unit(String name, String xfleet, DesiredState desired, String target) throws Exception {
        Requirements r = XFleetParser.parse(UnitName.parse(name), UnitFile.parse("[Service]\nExecStart=/bin/true\n"
                + (xfleet.isEmpty() ? "" : "[X-Fleet]\n" + xfleet + "\n")));
        return Unit.of(name, r, desired).withTarget(Optional.ofNullable(target));
    }

    private static Decision decisionFor(String unit, Scheduler scheduler, List<Machine> machines, List<Unit> units) {
        return scheduler.plan(new ClusterSnapshot(machines, units)).decisions().stream()
                .filter(d -> d.unit().equals(unit)).findFirst().orElseThrow();
    }

    private static String causeOf(String unit, List<Machine> machines, List<Unit> units) {
        return DecisionCause.of(decisionFor(unit, Scheduler.spread(), machines, units));
    }

    private static final List<Machine> TWO = List.of(Machine.of("m1", Map.of("role", "web")),
            Machine.of("m2", Map.of("role", "db")));

    @Test
    void placementsByStrategy() throws Exception {
        List<Unit> one = List.of(unit("a.service", "", DesiredState.LAUNCHED, null));
        assertThat(causeOf("a.service", TWO, one)).isEqualTo("least_loaded");
        assertThat(DecisionCause.of(decisionFor("a.service", new Scheduler(Strategy.RANDOM, 1), TWO, one)))
                .isEqualTo("random");
        assertThat(DecisionCause.of(decisionFor("a.service", new Scheduler(Strategy.BINPACK, 1), TWO, one)))
                .isEqualTo("binpack");
    }

    @Test
    void unschedulesByWhy() throws Exception {
        assertThat(causeOf("a.service", TWO, List.of(unit("a.service", "", DesiredState.INACTIVE, "m1"))))
                .isEqualTo("inactive");
        assertThat(causeOf("a.service", TWO, List.of(unit("a.service", "", DesiredState.LAUNCHED, "gone"))))
                .isEqualTo("machine_lost");
        assertThat(causeOf("a.service", TWO, List.of(unit("a.service", "MachineMetadata=role=db",
                DesiredState.LAUNCHED, "m1")))).isEqualTo("no_longer_fits");
    }

    @Test
    void unplaceableByTheVetoMostMachinesGave() throws Exception {
        assertThat(causeOf("a.service", TWO, List.of(unit("a.service", "MachineMetadata=role=cache",
                DesiredState.LAUNCHED, null)))).isEqualTo("metadata");
        assertThat(causeOf("a.service", TWO, List.of(unit("a.service", "MachineID=m9", DesiredState.LAUNCHED, null))))
                .isEqualTo("machine_id");
        assertThat(causeOf("a.service", List.of(), List.of(unit("a.service", "", DesiredState.LAUNCHED, null))))
                .isEqualTo("no_machines");
        List<Unit> clash = List.of(unit("a.service", "Conflicts=b.service", DesiredState.LAUNCHED, "m1"),
                unit("b.service", "MachineID=m1", DesiredState.LAUNCHED, null));
        assertThat(causeOf("b.service", List.of(TWO.get(0)), clash)).isEqualTo("conflicts");
    }

    @Test
    void v1FailureTypesFollowFleetV1() throws Exception {
        Decision lost = decisionFor("a.service", Scheduler.spread(), TWO,
                List.of(unit("a.service", "", DesiredState.LAUNCHED, "gone")));
        assertThat(DecisionCause.v1Failure(lost, DecisionCause.of(lost))).isEqualTo("machine_away");
        Decision nowhere = decisionFor("a.service", Scheduler.spread(), List.of(),
                List.of(unit("a.service", "", DesiredState.LAUNCHED, null)));
        assertThat(DecisionCause.v1Failure(nowhere, DecisionCause.of(nowhere))).isEqualTo("schedule");
        Decision placed = decisionFor("a.service", Scheduler.spread(), TWO,
                List.of(unit("a.service", "", DesiredState.LAUNCHED, null)));
        assertThat(DecisionCause.v1Failure(placed, DecisionCause.of(placed))).isNull();
    }
}
