package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * {@code systemctl reload fleet} on a real machine: fleetd re-reads fleet.conf in the same process,
 * the machine's new metadata reaches the cluster, units keep running (same MainPID), a unit whose
 * constraint no longer holds is taken off, and a bad file is refused with fleetd left as it was.
 * SIGUSR1 logs a state dump.
 */
@Tag("lab")
@TestMethodOrder(OrderAnnotation.class)
class ReloadIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1).withFleetd().metadata(1, "role=a");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static FleetApiClient api;
    static LabMachine m;

    @BeforeAll
    static void connect() {
        m = lab.machine(1);
        api = new FleetApiClient(m.ip(), 49153);
        api.awaitMachines(1, WAIT);
    }

    @Test
    @Order(1)
    void aReloadAppliesTheNewMetadataWithoutRestartingFleetdOrAnyUnit() throws Exception {
        String sleeper = "[Service]\nExecStart=/bin/sleep infinity\n";
        assertThat(api.put("plain.service", UnitFile.parse(sleeper), "launched")).isEqualTo(201);
        assertThat(api.put("on-a.service", UnitFile.parse(sleeper + "[X-Fleet]\nMachineMetadata=role=a\n"), "launched"))
                .isEqualTo(201);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(active("plain.service")).isEqualTo("active");
            assertThat(active("on-a.service")).isEqualTo("active");
        });
        String fleetd = mainPid("fleet.service");
        String plain = mainPid("plain.service");

        editConf("metadata=role=a", "metadata=role=b");
        reload();

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(api.machines().get(m.machineId())).isEqualTo(Map.of("role", "b")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(active("on-a.service")).as("constraint no longer holds")
                .isIn("inactive", "unknown"));
        assertThat(api.unit("on-a.service").path("reasons").toString()).contains("role");
        assertThat(mainPid("fleet.service")).as("the same fleetd process").isEqualTo(fleetd);
        assertThat(mainPid("plain.service")).as("a unit that still fits is not restarted").isEqualTo(plain);
        assertThat(active("plain.service")).isEqualTo("active");
    }

    @Test
    @Order(2)
    void aBadFileIsRefusedAndFleetdCarriesOn() throws Exception {
        String fleetd = mainPid("fleet.service");
        editConf("metadata=role=b", "metadata=role=c");
        // last line: a later agent_ttl would win over an earlier one
        Files.writeString(m.file("/etc/fleet/fleet.conf"), "agent_ttl=banana\n", java.nio.file.StandardOpenOption.APPEND);
        reload();
        await().atMost(WAIT).untilAsserted(() -> assertThat(m.exec("journalctl", "-u", "fleet.service", "--no-pager",
                "-n", "50").output()).contains("reload refused", "agent_ttl"));
        assertThat(mainPid("fleet.service")).isEqualTo(fleetd);
        assertThat(api.machines().get(m.machineId())).as("still the previous configuration").isEqualTo(Map.of("role", "b"));
        assertThat(active("plain.service")).isEqualTo("active");
    }

    @Test
    @Order(3)
    void sigusr1LogsAStateDumpAndNothingElse() throws Exception {
        String fleetd = mainPid("fleet.service");
        var r = m.exec("kill", "-USR1", fleetd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(m.exec("journalctl", "-u", "fleet.service", "--no-pager",
                "-n", "20").output()).contains("state dump: {\"machineID\":\"" + m.machineId() + "\"",
                        "\"engine\":\"LEADER\"", "plain.service"));
        assertThat(mainPid("fleet.service")).as("USR1 does not end the JVM").isEqualTo(fleetd);
    }

    static void editConf(String from, String to) throws Exception {
        var conf = m.file("/etc/fleet/fleet.conf");
        String text = Files.readString(conf);
        assertThat(text).contains(from);
        Files.writeString(conf, text.replace(from, to));
    }

    static void reload() throws Exception {
        var r = m.exec("systemctl", "reload", "fleet.service");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    static String active(String unit) throws Exception {
        return m.exec("systemctl", "is-active", unit).output().trim();
    }

    static String mainPid(String unit) throws Exception {
        String pid = m.exec("systemctl", "show", "-p", "MainPID", "--value", unit).output().trim();
        assertThat(pid).as("MainPID of %s", unit).isNotEqualTo("0");
        return pid;
    }
}
