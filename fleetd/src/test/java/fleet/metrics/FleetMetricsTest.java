package fleet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.agent.AgentTask;
import fleet.engine.Engine;
import fleet.engine.EnginePlan;
import fleet.schedule.Decision;
import fleet.systemd.SystemdException;
import fleet.systemd.SystemdManager;
import fleet.testing.PrometheusText;

/** What each observer records, read back from the text the API serves. */
class FleetMetricsTest {
    private final FleetMetrics metrics = new FleetMetrics();

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.api().scrape());
    }

    private static EnginePlan plan(Decision... decisions) {
        return new EnginePlan(List.of(), List.of(decisions), List.of(), 0);
    }

    @Test
    void anEnginePassIsCountedUnderFleetV1NamesAndOurs() {
        metrics.engine().elected(42, Instant.ofEpochSecond(1_700_000_000));
        metrics.engine().passed(new Engine.PassTimings(3, 5, 12, 3, false, 0), plan(
                new Decision.Place("a.service", "m1", "least loaded machine it may run on (0 units)"),
                new Decision.Place("b.service", "m2", "least loaded machine it may run on (0 units)"),
                new Decision.Unschedule("c.service", "m3", "machine m3 went away"),
                new Decision.Unplaceable("d.service", Map.of("m1", "requires role=db, has role=web"), "m1: requires")));

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_engine_leader")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_leader_term")).isEqualTo(42);
        assertThat(t.sum("fleet_engine_leader_start_time")).isEqualTo(1_700_000_000);
        assertThat(t.sum("fleet_engine_placements_total", "reason", "least_loaded")).isEqualTo(2);
        assertThat(t.sum("fleet_engine_unschedules_total", "reason", "machine_lost")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_unplaceable_units", "reason", "metadata")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_task_count_total", "type", "attemptscheduleunit")).isEqualTo(2);
        assertThat(t.sum("fleet_engine_task_count_total", "type", "unscheduleunit")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_reconcile_count_total")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_reconcile_failure_count_total", "type", "machine_away")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_reconcile_failure_count_total", "type", "schedule")).isEqualTo(1);
        assertThat(t.type("fleet_engine_reconcile_duration_second")).isEqualTo("histogram");
        // 20 ms in all: in v1.0's 0.025 bucket, not in its 0.01 one
        assertThat(t.sum("fleet_engine_reconcile_duration_second_bucket", "le", "0.025")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_reconcile_duration_second_bucket", "le", "0.01")).isEqualTo(0);
        assertThat(t.sum("fleet_engine_pass_seconds_sum", "phase", "write")).isEqualTo(0.012);
    }

    @Test
    void aDeposedEngineReportsNoLeadershipAndNoUnplaceableUnits() {
        metrics.engine().elected(7, Instant.ofEpochSecond(100));
        metrics.engine().passed(new Engine.PassTimings(1, 1, 1, 0, false, 0),
                plan(new Decision.Unplaceable("d.service", Map.of(), "no machines")));
        metrics.engine().deposed();

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_engine_leader")).isZero();
        assertThat(t.sum("fleet_engine_leader_start_time")).isZero();
        assertThat(t.sum("fleet_engine_unplaceable_units")).isZero();
        assertThat(t.sum("fleet_engine_leader_term")).isEqualTo(7);
    }

    @Test
    void failedWritesAreFleetV1TaskFailures() {
        metrics.engine().writeFailed(plan(new Decision.Place("a.service", "m1", "random machine it may run on")));
        metrics.engine().passFailed();

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_engine_task_failure_count_total", "type", "attemptscheduleunit")).isEqualTo(1);
        assertThat(t.sum("fleet_engine_pass_failures_total")).isEqualTo(1);
    }

    @Test
    void agentTasksAreTimedByKindAndFailuresCounted() {
        metrics.agent().task(new AgentTask.Start("a.service", "launched")).ended(false);
        metrics.agent().task(new AgentTask.Start("b.service", "launched")).ended(true);
        metrics.agent().task(new AgentTask.ReloadUnitFiles("new files")).ended(false);

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_agent_task_seconds_count", "kind", "start")).isEqualTo(2);
        assertThat(t.sum("fleet_agent_task_failures_total", "kind", "start")).isEqualTo(1);
        assertThat(t.sum("fleet_agent_task_seconds_count", "kind", "reload")).isEqualTo(1);
        assertThat(t.sum("fleet_agent_task_failures_total", "kind", "reload")).isZero();
    }

    @Test
    void etcdRequestsFeedOurMetricsAndFleetV1RegistryOperations() {
        metrics.registry().etcdRequest("read body 1a2b").ended(false);
        metrics.registry().etcdRequest("create unit a.service").ended(true);
        metrics.registry().etcdRequest("keep lease alive").ended(false);
        metrics.registry().watchResynced("units/");

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_etcd_request_seconds_count", "op", "read")).isEqualTo(1);
        assertThat(t.sum("fleet_etcd_request_errors_total", "op", "create")).isEqualTo(1);
        assertThat(t.sum("fleet_etcd_request_seconds_count", "op", "keep")).isEqualTo(1);
        assertThat(t.sum("fleet_registry_operation_count_total", "type", "get")).isEqualTo(1);
        assertThat(t.sum("fleet_registry_operation_failed_count_total", "type", "set")).isEqualTo(1);
        assertThat(t.sum("fleet_registry_operation_duration_second_count", "ops", "get")).isEqualTo(1);
        assertThat(t.sum("fleet_registry_operation_count_total")).isEqualTo(1);
        assertThat(t.sum("fleet_etcd_watch_resyncs_total", "prefix", "units/")).isEqualTo(1);
    }

    @Test
    void systemdCallsAreTimedByMethodAndTheirErrorsCounted() {
        SystemdManager failingReload = (SystemdManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SystemdManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("reload")) {
                        throw new SystemdException("refused");
                    }
                    return null;
                });
        SystemdManager timed = metrics.timed(failingReload);
        timed.resetFailed("a.service");
        assertThatThrownBy(timed::reload).isInstanceOf(SystemdException.class);

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_systemd_call_seconds_count", "method", "ResetFailedUnit")).isEqualTo(1);
        assertThat(t.sum("fleet_systemd_call_errors_total", "method", "ResetFailedUnit")).isZero();
        assertThat(t.sum("fleet_systemd_call_errors_total", "method", "Reload")).isEqualTo(1);
    }

    @Test
    void apiRequestsByRouteAndCodeAndJvmMemory() {
        metrics.api().answered("GET", "/fleet/v1/units", 200, 1_000_000);
        metrics.api().answered("GET", "/fleet/v1/units", 200, 1_000_000);
        metrics.api().answered("PUT", "/fleet/v1/units/{name}", 409, 1_000_000);

        PrometheusText t = scrape();
        assertThat(t.sum("fleet_api_requests_seconds_count", "route", "/fleet/v1/units", "code", "200")).isEqualTo(2);
        assertThat(t.sum("fleet_api_requests_seconds_count", "method", "PUT", "code", "409")).isEqualTo(1);
        assertThat(t.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
    }
}
