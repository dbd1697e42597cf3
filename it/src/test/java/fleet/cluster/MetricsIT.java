package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.PrometheusText;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * Every machine's {@code /metrics}, scraped through its API socket as fleet v1.0's docs did it,
 * counts what the test did: one leader whose engine placed each unit once, agents that started
 * the units they run, units by desired and current state, and the API's own requests.
 */
@Tag("lab")
class MetricsIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));
    static final int UNITS = 6;
    static FleetApiClient api;

    @BeforeAll
    static void startUnits() throws Exception {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
        UnitFile unit = UnitFile.parse("[Service]\nExecStart=/bin/sleep infinity\n");
        for (int i = 0; i < UNITS; i++) {
            assertThat(api.put("metrics-" + i + ".service", unit, "launched")).isEqualTo(201);
        }
        await().atMost(WAIT).until(() -> activeByMachine().values().stream().mapToInt(Integer::intValue).sum() == UNITS);
    }

    /** Machine ID to the number of the test's units systemd runs there, as the API lists their states. */
    static Map<String, Integer> activeByMachine() throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (Map<String, String> s : api.states()) {
            if (s.get("name").startsWith("metrics-") && "active".equals(s.get("active"))) {
                out.merge(s.get("machineID"), 1, Integer::sum);
            }
        }
        return out;
    }

    static PrometheusText scrape(LabMachine m) throws IOException {
        FleetLab.Result r = m.exec("curl", "-sS", "--fail", "--unix-socket", "/var/run/fleet.sock",
                "http://localhost/metrics");
        assertThat(r.ok()).as("scrape of %s: %s", m, r.output()).isTrue();
        return PrometheusText.parse(r.output());
    }

    @Test
    void oneLeaderPlacedEveryUnitOnceAndTheOthersPlacedNone() throws Exception {
        List<PrometheusText> scrapes = lab.machines().stream().map(m -> {
            try {
                return scrape(m);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        List<Integer> leaders = IntStream.range(0, scrapes.size())
                .filter(i -> scrapes.get(i).sum("fleet_engine_leader") == 1).boxed().toList();
        assertThat(leaders).as("machines reporting fleet_engine_leader 1").hasSize(1);
        for (int i = 0; i < scrapes.size(); i++) {
            PrometheusText t = scrapes.get(i);
            boolean leads = leaders.contains(i);
            assertThat(t.sum("fleet_engine_placements_total")).as("placements on %s", lab.machines().get(i))
                    .isEqualTo(leads ? UNITS : 0);
            assertThat(t.sum("fleet_engine_task_count_total", "type", "attemptscheduleunit")).isEqualTo(leads ? UNITS : 0);
            assertThat(t.sum("fleet_engine_leader_term") > 0).isEqualTo(leads);
            assertThat(t.sum("fleet_engine_leader_start_time") > 0).isEqualTo(leads);
            assertThat(t.sum("fleet_engine_reconcile_count_total") > 0).isEqualTo(leads);
            assertThat(t.sum("fleet_engine_unplaceable_units")).isZero();
        }
    }

    @Test
    void eachAgentCountsTheUnitsItStartedAndRuns() throws Exception {
        Map<String, Integer> running = activeByMachine();
        for (LabMachine m : lab.machines()) {
            int here = running.getOrDefault(m.machineId(), 0);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText t = scrape(m);
                assertThat(t.sum("fleet_agent_task_seconds_count", "kind", "start")).as("starts on %s", m).isEqualTo(here);
                assertThat(t.sum("fleet_agent_task_failures_total")).isZero();
                assertThat(t.sum("fleet_systemd_call_seconds_count", "method", "StartUnit")).isEqualTo(here);
                assertThat(t.sum("fleet_units_current", "state", "active")).as("active on %s", m).isEqualTo(here);
                assertThat(t.sum("fleet_units_desired", "state", "launched")).isEqualTo(UNITS);
            });
        }
    }

    @Test
    void theApiCountsItsRequestsAndEtcdItsOwn() throws Exception {
        LabMachine first = lab.machine(1);
        PrometheusText t = scrape(first);
        assertThat(t.sum("fleet_api_requests_seconds_count", "method", "PUT", "route", "/fleet/v1/units/{name}",
                "code", "201")).isEqualTo(UNITS);
        assertThat(t.sum("fleet_api_requests_seconds_count", "route", "/metrics")).isPositive();
        for (LabMachine m : lab.machines()) {
            // a fleetd that joined a moment ago may not have renewed its lease yet
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText mine = scrape(m);
                assertThat(mine.sum("fleet_etcd_request_seconds_count", "op", "keep")).as("lease keep-alives of %s", m)
                        .isPositive();
                assertThat(mine.sum("fleet_etcd_request_errors_total")).isZero();
                assertThat(mine.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
            });
        }
    }
}
