package fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.unit.DesiredState;

class ClusterChangesTest {
    static final String A = "aaaaaaaa11111111";
    static final String B = "bbbbbbbb22222222";
    static final long AT = 1_700_000_000_000L;

    static Pictures twoMachines() {
        return new Pictures().machine(A, "10.0.0.1", Map.of()).machine(B, "10.0.0.2", Map.of()).leader(A);
    }

    static List<String> texts(ClusterView before, ClusterView after) {
        List<ViewEvent> events = ClusterChanges.between(before, after, AT);
        assertThat(events).allMatch(e -> e.at() == AT);
        return events.stream().map(ViewEvent::text).toList();
    }

    @Test
    void aFirstViewHasNoEvents() {
        assertThat(ClusterChanges.between(null, twoMachines().view(), AT)).isEmpty();
    }

    @Test
    void machinesJoiningAndLeavingAndANewLeader() {
        ClusterView before = new Pictures().machine(A, "10.0.0.1", Map.of()).leader(A).view();
        ClusterView after = new Pictures().machine(B, "10.0.0.2", Map.of()).leader(B).view();

        assertThat(texts(before, after)).containsExactly(
                "machine aaaaaaaa/10.0.0.1 left", "machine bbbbbbbb/10.0.0.2 joined",
                "engine leader is now bbbbbbbb/10.0.0.2");
    }

    @Test
    void aUnitKilledWithItsMachineMovesToAnother() {
        ClusterView before = twoMachines().unit("web.service", DesiredState.LAUNCHED).placed("web.service", A)
                .state("web.service", A, "active", "running").view();
        ClusterView after = new Pictures().machine(B, "10.0.0.2", Map.of()).leader(B)
                .unit("web.service", DesiredState.LAUNCHED).placed("web.service", B)
                .state("web.service", B, "active", "running").view();

        assertThat(texts(before, after)).containsExactly(
                "machine aaaaaaaa/10.0.0.1 left", "engine leader is now bbbbbbbb/10.0.0.2",
                "web.service moved from aaaaaaaa/10.0.0.1 to bbbbbbbb/10.0.0.2",
                "web.service on bbbbbbbb/10.0.0.2: -/- → active/running");
    }

    @Test
    void submittedPlacedAndStarted() {
        ClusterView before = twoMachines().view();
        ClusterView after = twoMachines().unit("web.service", DesiredState.LAUNCHED).placed("web.service", A)
                .state("web.service", A, "activating", "start").view();

        assertThat(texts(before, after)).containsExactly("web.service submitted (desired launched)",
                "web.service placed on aaaaaaaa/10.0.0.1", "web.service on aaaaaaaa/10.0.0.1: -/- → activating/start");
    }

    @Test
    void anUnplaceableUnitIsReportedWithTheEnginesReasonOnce() {
        Pictures cluster = twoMachines().unit("db.service", DesiredState.LAUNCHED);
        ClusterView before = cluster.view();
        ClusterView stuck = cluster.unplaced("db.service", "no machine has role=db", Map.of(A, "role=db missing")).view();

        assertThat(texts(before, stuck)).containsExactly("db.service cannot be placed: no machine has role=db");
        assertThat(texts(stuck, cluster.view())).as("the same reason again is no news").isEmpty();
    }

    @Test
    void stateChangesDesiredChangesUnplacementAndDestruction() {
        ClusterView running = twoMachines().unit("web.service", DesiredState.LAUNCHED).placed("web.service", A)
                .state("web.service", A, "active", "running").view();
        ClusterView failed = twoMachines().unit("web.service", DesiredState.LAUNCHED).placed("web.service", A)
                .state("web.service", A, "failed", "failed").view();
        ClusterView inactive = twoMachines().unit("web.service", DesiredState.INACTIVE).view();

        assertThat(texts(running, failed)).containsExactly("web.service on aaaaaaaa/10.0.0.1: active/running → failed/failed");
        assertThat(texts(failed, inactive)).containsExactly("web.service desired launched → inactive",
                "web.service unplaced from aaaaaaaa/10.0.0.1");
        assertThat(texts(inactive, twoMachines().view())).containsExactly("web.service destroyed");
    }
}
