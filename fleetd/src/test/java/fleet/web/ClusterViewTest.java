package fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.unit.DesiredState;
import fleet.web.ClusterView.Placement;

class ClusterViewTest {
    static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    final Pictures cluster = new Pictures()
            .machine(B, "10.0.0.2", Map.of("role", "db")).machine(A, "10.0.0.1", Map.of("role", "web"))
            .unit("web.service", DesiredState.LAUNCHED).placed("web.service", A).state("web.service", A, "active", "running")
            .unit("queued.service", DesiredState.LAUNCHED).placed("queued.service", B)
            .unit("db.service", DesiredState.LAUNCHED)
            .unplaced("db.service", "no machine has role=gpu", Map.of(A, "metadata role=gpu missing", B, "metadata role=gpu missing"))
            .global("monitor.service").state("monitor.service", A, "active", "running").state("monitor.service", B, "failed", "failed")
            .leader(B);

    @Test
    void machinesAreInIdOrderWithTheirLoadAndTheLeaderMarked() {
        ClusterView v = cluster.view();

        assertThat(v.machines()).extracting(ClusterView.MachineRow::id).containsExactly(A, B);
        assertThat(v.machine(A).orElseThrow().units()).as("web + the global monitor").isEqualTo(2);
        assertThat(v.machine(B).orElseThrow().units()).as("queued + the global monitor").isEqualTo(2);
        assertThat(v.machine(A).orElseThrow().leader()).isFalse();
        assertThat(v.machine(B).orElseThrow().leader()).isTrue();
        assertThat(v.machine(B).orElseThrow().metadata()).containsEntry("role", "db");
        assertThat(v.leader()).isEqualTo(B);
    }

    @Test
    void aPlacedUnitShowsItsMachineAndCurrentState() {
        ClusterView v = cluster.view();

        assertThat(v.unit("web.service").orElseThrow().placements()).containsExactly(new Placement(A, "loaded", "active", "running"));
        assertThat(v.unit("queued.service").orElseThrow().placements())
                .as("scheduled, its agent has not reported yet").containsExactly(new Placement(B, "-", "-", "-"));
        assertThat(v.unit("web.service").orElseThrow().reason()).isEmpty();
    }

    @Test
    void anUnplacedUnitCarriesTheEnginesReasonsPerMachine() {
        ClusterView.UnitRow db = cluster.view().unit("db.service").orElseThrow();

        assertThat(db.placements()).isEmpty();
        assertThat(db.reason()).isEqualTo("no machine has role=gpu");
        assertThat(db.machineReasons()).containsOnlyKeys(A, B).containsEntry(A, "metadata role=gpu missing");
    }

    @Test
    void aGlobalUnitRunsWhereItReportsAState() {
        ClusterView.UnitRow monitor = cluster.view().unit("monitor.service").orElseThrow();

        assertThat(monitor.global()).isTrue();
        assertThat(monitor.placements()).extracting(Placement::machine, Placement::active)
                .containsExactly(tuple(A, "active"), tuple(B, "failed"));
    }

    @Test
    void unitsAreInNameOrder() {
        assertThat(cluster.view().units()).extracting(ClusterView.UnitRow::name)
                .containsExactly("db.service", "monitor.service", "queued.service", "web.service");
    }
}
