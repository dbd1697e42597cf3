package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cloud-config/master.yaml and node.yaml, as a VM and as the lab apply them. */
class ShippedCloudConfigTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private static CloudConfig read(String file, Map<String, String> vars) throws IOException {
        return new CloudConfigParser(new Placeholders(vars)).parse(Files.readString(REPO.resolve("cloud-config").resolve(file)));
    }

    @Test
    void theMasterRunsEtcdAndAFleetdWithRoleMaster() throws IOException {
        CloudConfig c = read("master.yaml", Map.of("private_ipv4", "172.17.8.101", "public_ipv4", "172.17.8.101"));
        assertThat(c.hostname()).contains("fleet-master");
        assertThat(c.fleet()).containsEntry("metadata", "role=master").containsEntry("etcd_servers", "http://172.17.8.101:2379")
                .containsEntry("public_ip", "172.17.8.101");
        assertThat(c.etcd()).containsEntry("advertise_client_urls", "http://172.17.8.101:2379");
        assertThat(c.units()).extracting(UnitSpec::name).containsExactly("etcd-member.service", "fleet-install.service", "fleet.service");
        assertFleetService(c);
    }

    @Test
    void aNodeRunsAFleetdWithRoleNodeAgainstTheMastersEtcd() throws IOException {
        CloudConfig c = read("node.yaml", Map.of("public_ipv4", "172.17.8.102", "master_ipv4", "172.17.8.101"));
        assertThat(c.fleet()).containsEntry("metadata", "role=node").containsEntry("etcd_servers", "http://172.17.8.101:2379");
        assertThat(c.etcd()).isEmpty();
        assertThat(c.units()).extracting(UnitSpec::name).containsExactly("fleet-install.service", "fleet.service");
        assertFleetService(c);
    }

    /** The unit in the cloud-config is the one fleetd ships, which runs /opt/fleet/bin/fleetd. */
    private static void assertFleetService(CloudConfig c) throws IOException {
        UnitSpec fleet = c.units().stream().filter(u -> u.name().equals("fleet.service")).findFirst().orElseThrow();
        assertThat(fleet.enable()).isTrue();
        assertThat(fleet.command()).contains("start");
        assertThat(fleet.content()).contains(Files.readString(REPO.resolve("fleetd/dist/fleet.service")));
        assertThat(fleet.content().orElseThrow()).contains("ExecStart=/opt/fleet/bin/fleetd\n",
                "After=network-online.target dbus.service fleet-install.service\n");
        // the installer runs before fleetd, and only where a provisioner or image left the tarball
        UnitSpec install = c.units().stream().filter(u -> u.name().equals("fleet-install.service")).findFirst().orElseThrow();
        assertThat(install.command()).isEmpty();
        assertThat(install.content().orElseThrow()).contains("ConditionPathExists=/var/lib/fleet/fleet.tar.gz\n",
                "Before=fleet.service\n", "Type=oneshot\n");
    }

    @Test
    void theLabsWayLeavesEtcdToTheLab() throws IOException {
        CloudConfig c = read("master.yaml", Map.of("private_ipv4", "127.0.12.1", "public_ipv4", "127.0.12.1"))
                .withFleetOverrides(Map.of("etcd_servers", "http://127.0.0.1:23790", "metadata", "role=web"));
        ApplyResult r = new Applier(root, Set.of(Applier.ETCD_UNIT)).apply(c);
        assertThat(r.commands()).extracting(HostCommand::line).containsExactly(
                "hostname fleet-master", "systemctl daemon-reload", "systemctl enable fleet.service", "systemctl start fleet.service");
        assertThat(Files.readString(root.resolve("run/systemd/system/fleet.service.d/20-cloudinit.conf")))
                .contains("Environment=\"FLEET_ETCD_SERVERS=http://127.0.0.1:23790\"\n", "Environment=\"FLEET_METADATA=role=web\"\n");
        assertThat(root.resolve("run/systemd/system/etcd-member.service.d")).doesNotExist();
    }
}
