package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * A cluster booted as CoreOS hosts were: m1 from cloud-config/master.yaml, m2 from node.yaml, applied
 * by bin/cloud-config-apply (fleet-lab up --cloud-config). The roles in the files must reach the
 * scheduler, and fleetd must be configured only by the cloud-config drop-in.
 */
@Tag("lab")
class CloudConfigIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).withCloudConfig();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    @Test
    void theFilesSetHostnameAndFleetdsEnvironment() throws Exception {
        LabMachine master = lab.machine(1);
        assertThat(master.exec("hostname").output().trim()).isEqualTo("fleet-master");
        String dropIn = Files.readString(master.file("/run/systemd/system/fleet.service.d/20-cloudinit.conf"));
        assertThat(dropIn).contains("Environment=\"FLEET_METADATA=role=master\"", "Environment=\"FLEET_PUBLIC_IP=" + master.ip() + "\"");
        assertThat(Files.exists(master.file("/etc/fleet/fleet.conf"))).as("no fleet.conf: the environment is the configuration").isFalse();
        assertThat(master.exec("systemctl", "is-enabled", "fleet.service").output().trim()).isEqualTo("enabled");
        assertThat(Files.readString(lab.machine(2).file("/run/systemd/system/fleet.service.d/20-cloudinit.conf")))
                .contains("Environment=\"FLEET_METADATA=role=node\"");
    }

    @Test
    void theRolesFromTheFilesPlaceUnits() throws Exception {
        String sleeper = "[Service]\nExecStart=/bin/sleep infinity\n[X-Fleet]\nMachineMetadata=role=";
        assertThat(api.put("on-master.service", UnitFile.parse(sleeper + "master\n"), "launched")).isEqualTo(201);
        assertThat(api.put("on-node.service", UnitFile.parse(sleeper + "node\n"), "launched")).isEqualTo(201);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(active(lab.machine(1), "on-master.service")).isEqualTo("active");
            assertThat(active(lab.machine(2), "on-node.service")).isEqualTo("active");
        });
        for (String unit : List.of("on-master.service", "on-node.service")) {
            assertThat(api.destroy(unit)).isEqualTo(204);
        }
    }

    private static String active(LabMachine m, String unit) throws Exception {
        return m.exec("systemctl", "is-active", unit).output().trim();
    }
}
