package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * Our two [X-Fleet] opt-ins on real machines, in one lab. {@code RescheduleOnFailure=3 in 2m}: a unit
 * that fails on its machine (a file there makes it exit 1) is started again by that machine's agent,
 * and after its third failure the engine moves it to the other machine, where it runs, with the
 * reason in the API; the same unit without the option stays failed where it is, as in fleet v1.0.
 * {@code Batch=true}: a oneshot that exited 0 shows as completed and, rescheduled to the other machine
 * (its metadata no longer matches), is loaded there but not run again.
 */
@Tag("lab")
class FailedAndBatchUnitsIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).metadata(1, "batch=yes").metadata(2, "batch=yes").withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));
    static final String BODY = "[Service]\nExecStart=/bin/sh -c 'test ! -e /etc/fail-%n && exec sleep infinity'\n";
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    @Test
    void aUnitFailingThreeTimesMovesAndOneWithoutTheOptionStaysFailed() throws Exception {
        UnitFile moving = UnitFile.parse(BODY + "[X-Fleet]\nRescheduleOnFailure=3 in 2m\n");
        UnitFile staying = UnitFile.parse(BODY);
        String from = loadedThenFailing("moving.service", moving);
        String plainOn = loadedThenFailing("staying.service", staying);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode u = api.unit("moving.service");
            assertThat(u.path("machineID").asText()).as("moving.service's machine").isNotEqualTo(from);
            assertThat(activeOn("moving.service", u.path("machineID").asText())).isEqualTo("active");
        });
        JsonNode reasons = api.unit("moving.service").path("reasons");
        assertThat(reasons.path("summary").asText()).contains("avoids " + from)
                .contains("failed 3 times within 2m (RescheduleOnFailure=3 in 2m)");

        assertThat(api.unit("staying.service").path("machineID").asText()).isEqualTo(plainOn);
        assertThat(activeOn("staying.service", plainOn)).isEqualTo("failed");
    }

    @Test
    void aCompletedBatchUnitIsShownCompletedAndNotRunAgainWhenRescheduled() throws Exception {
        UnitFile job = UnitFile.parse("[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo ran >> /etc/batch-runs'\n"
                + "[X-Fleet]\nBatch=true\nMachineMetadata=batch=yes\n");
        assertThat(api.put("job.service", job, "launched")).isEqualTo(201);
        String[] ranOn = new String[1];
        await().atMost(WAIT).untilAsserted(() -> {
            ranOn[0] = api.unit("job.service").path("machineID").asText();
            assertThat(state("job.service", ranOn[0])).containsEntry("active", "inactive").containsEntry("sub", "completed");
        });
        assertThat(api.unit("job.service").path("reasons").path("summary").asText())
                .startsWith("completed on " + ranOn[0] + " at ");
        LabMachine first = machineWithId(ranOn[0]);
        LabMachine other = lab.machines().stream().filter(m -> m != first).findFirst().orElseThrow();

        assertThat(api.setMetadata(first.machineId(), "batch", "no")).isBetween(200, 204);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(api.unit("job.service").path("machineID").asText()).isEqualTo(other.machineId());
            assertThat(state("job.service", other.machineId())).containsEntry("load", "loaded")
                    .containsEntry("active", "inactive");
        });
        assertThat(api.unit("job.service").path("currentState").asText()).isEqualTo("loaded");
        assertThat(java.nio.file.Files.readAllLines(first.file("/etc/batch-runs"))).containsExactly("ran");
        assertThat(other.file("/etc/batch-runs")).doesNotExist();
    }

    static Map<String, String> state(String unit, String id) throws Exception {
        return api.states().stream().filter(s -> s.get("name").equals(unit) && s.get("machineID").equals(id))
                .findFirst().orElse(Map.of());
    }

    /** Submits {@code unit} loaded, makes it fail on the machine it was placed on, then launches it. */
    static String loadedThenFailing(String name, UnitFile unit) throws Exception {
        assertThat(api.put(name, unit, "loaded")).isEqualTo(201);
        String[] on = new String[1];
        await().atMost(WAIT).until(() -> !(on[0] = api.unit(name).path("machineID").asText("")).isEmpty());
        machineWithId(on[0]).writeFile("/etc/fail-" + name, "");
        assertThat(api.setDesiredState(name, "launched")).isBetween(200, 204);
        return on[0];
    }

    static LabMachine machineWithId(String id) {
        return lab.machines().stream().filter(m -> m.machineId().equals(id)).findFirst().orElseThrow();
    }

    /** systemd's ActiveState of {@code unit} on machine {@code id}, as its agent published it. */
    static String activeOn(String unit, String id) throws Exception {
        return state(unit, id).getOrDefault("active", "");
    }
}
