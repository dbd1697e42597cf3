package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * The path a VM takes, on two lab machines: the distribution dist/build makes is left at
 * /var/lib/fleet/fleet.tar.gz, the cloud-config's fleet-install.service unpacks it into /opt/fleet,
 * and fleet.service runs fleetd from it on the bundled Java runtime. The distribution's own fleetctl
 * then drives the cluster over fleetd's unix socket.
 */
@Tag("lab")
class DistributionIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).withDistribution();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));

    @BeforeAll
    static void bothMachinesJoin() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(fleetctl(lab.machine(1), "list-machines", "--no-legend")
                .lines().filter(l -> !l.isBlank())).hasSize(2));
    }

    @Test
    void cloudConfigInstalledTheDistributionAndFleetdRunsOnItsRuntime() throws Exception {
        for (LabMachine m : lab.machines()) {
            assertThat(m.exec("systemctl", "is-active", "fleet-install.service").output().trim()).as(m.name())
                    .isEqualTo("active");
            assertThat(Files.isExecutable(m.file("/opt/fleet/runtime/bin/java"))).as(m.name()).isTrue();
            // a second run of the installer (the next boot) leaves the install alone
            var stamp = m.file("/opt/fleet/.installed");
            var installedAt = Files.getLastModifiedTime(stamp);
            assertThat(m.exec("systemctl", "restart", "fleet-install.service").exitCode()).isZero();
            assertThat(Files.getLastModifiedTime(stamp)).as("%s: not unpacked again", m.name()).isEqualTo(installedAt);
            String exe = m.exec("sh", "-c", "readlink /proc/$(systemctl show -p MainPID --value fleet.service)/exe")
                    .output().trim();
            assertThat(exe).as("fleetd's executable on %s", m.name()).isEqualTo("/opt/fleet/runtime/bin/java");
            // the installer wrote fleetd's AppCDS archive in place, and fleetd maps it
            String maps = m.exec("sh", "-c", "cat /proc/$(systemctl show -p MainPID --value fleet.service)/maps").output();
            assertThat(maps).as("fleetd's mappings on %s", m.name()).contains("/opt/fleet/lib/fleetd.jsa");
        }
        assertThat(fleetctl(lab.machine(2), "list-machines", "--no-legend", "--fields", "ip,metadata"))
                .contains(lab.machine(1).ip() + "\trole=master", lab.machine(2).ip() + "\trole=node");
    }

    @Test
    void theDistributionsFleetctlStartsAUnitWhereItsMetadataSays() throws Exception {
        LabMachine master = lab.machine(1);
        master.writeFile("/srv/units/dist-hello.service",
                "[Service]\nExecStart=/bin/sleep infinity\n\n[X-Fleet]\nMachineMetadata=role=node\n");
        var started = master.exec("sh", "-c", "cd /srv/units && /opt/fleet/bin/fleetctl start --block-attempts=30 dist-hello.service");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("dist-hello.service launched on").contains(lab.machine(2).ip());
        assertThat(lab.machine(2).exec("systemctl", "is-active", "dist-hello.service").output().trim()).isEqualTo("active");
    }

    /** The distribution's fleetctl inside a machine, against its fleetd's default unix socket. */
    static String fleetctl(LabMachine m, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/opt/fleet/bin/fleetctl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        var r = m.exec(cmd);
        assertThat(r.exitCode()).as("fleetctl %s on %s: %s", String.join(" ", args), m.name(), r.output()).isZero();
        return r.output();
    }
}
