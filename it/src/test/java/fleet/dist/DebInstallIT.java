package fleet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.Distribution;
import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * The package's life on a Debian host, in order, on a lab machine without fleetd: {@code dpkg -i}
 * (fleet.service enabled and started, joining the lab's etcd), fleetctl as root and as a member of
 * the group fleet, a unit started through the installed fleetctl, an upgrade (the same package again:
 * the edited conffile stays, fleetd restarts, the unit keeps running), {@code dpkg -r} and
 * {@code dpkg -P}, after which nothing of fleet is left. The machine's root is an overlay of the
 * host's, so dpkg there changes nothing on the host.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebInstallIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1);

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));
    /** Where the package and its scripts write, searched for anything named fleet before and after. */
    static final String TRACES = "find /opt /etc /lib/systemd /usr/bin /usr/share/doc /usr/share/man /usr/share/lintian "
            + "/var/lib/dpkg/info /var/lib/systemd /run \\( -name fleet -o -name 'fleet[._-]*' -o -name 'fleetd*' "
            + "-o -name 'fleetctl*' \\) 2>/dev/null | sort";

    static LabMachine m;
    static Path deb;
    static String fleetConf;
    static String tracesBefore;

    @BeforeAll
    static void configureTheMachineAsAnOperatorWould() throws Exception {
        deb = Distribution.build().debPackage();
        m = lab.machine(1);
        // written before the install, as configuration management does: dpkg keeps it (--force-confold)
        fleetConf = "etcd_servers=" + lab.etcdEndpoint() + "\npublic_ip=" + m.ip() + "\nagent_ttl=5s\n"
                + "engine_reconcile_interval=1\n";
        // this box is a container whose policy-rc.d forbids starting services from maintainer scripts
        // (exit 101); the machines inherit it through their overlay, a Debian host has none
        sh("rm -f /usr/sbin/policy-rc.d");
        // man-db's trigger re-indexes every manual page after each dpkg run: seconds of CPU, four times
        sh("rm -f /var/lib/man-db/auto-update");
        tracesBefore = sh(TRACES);
        m.writeFile("/etc/fleet/fleet.conf", fleetConf);
    }

    @Test
    @Order(1)
    void installingStartsFleetdWhichJoinsTheCluster() throws Exception {
        sh("dpkg -i --force-confold " + deb);
        assertThat(sh("dpkg-query -W -f='${Status}' fleet")).isEqualTo("install ok installed");
        assertThat(sh("systemctl is-enabled fleet.service")).isEqualTo("enabled");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sh("fleetctl list-machines --no-legend --fields ip")).isEqualTo(m.ip()));
        assertThat(sh("readlink /proc/$(systemctl show -p MainPID --value fleet.service)/exe")).isEqualTo("/opt/fleet/runtime/bin/java");
        assertThat(sh("stat -c '%U:%G %a' /run/fleet.sock")).isEqualTo("root:fleet 660");
        assertThat(Files.readString(m.file("/etc/fleet/fleet.conf"))).isEqualTo(fleetConf);
    }

    @Test
    @Order(2)
    void membersOfGroupFleetMayUseFleetctlAndOtherUsersMayNot() throws Exception {
        String gid = sh("getent group fleet | cut -d: -f3");
        assertThat(sh("setpriv --reuid=65534 --regid=65534 --groups=" + gid + " fleetctl list-machines --no-legend --fields ip"))
                .isEqualTo(m.ip());
        FleetLab.Result other = m.exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "fleetctl", "list-machines");
        assertThat(other.exitCode()).as(other.output()).isNotZero();
    }

    @Test
    @Order(3)
    void theInstalledFleetctlStartsAUnit() throws Exception {
        m.writeFile("/srv/units/deb-hello.service", "[Service]\nExecStart=/bin/sleep infinity\n");
        assertThat(sh("cd /srv/units && fleetctl start --block-attempts=30 deb-hello.service"))
                .contains("deb-hello.service launched on");
        assertThat(sh("systemctl is-active deb-hello.service")).isEqualTo("active");
    }

    @Test
    @Order(4)
    void anUpgradeKeepsTheConfigurationAndRestartsFleetdButNotItsUnits() throws Exception {
        String fleetd = mainPid("fleet.service");
        String hello = mainPid("deb-hello.service");
        sh("dpkg -i " + deb);
        assertThat(Files.readString(m.file("/etc/fleet/fleet.conf"))).isEqualTo(fleetConf);
        assertThat(sh("systemctl is-active fleet.service")).isEqualTo("active");
        assertThat(mainPid("fleet.service")).isNotEqualTo(fleetd);
        assertThat(mainPid("deb-hello.service")).isEqualTo(hello);
        // postinst wrote fleetd's class-data archive for the new jars, and the new fleetd maps it
        assertThat(sh("cat /proc/" + mainPid("fleet.service") + "/maps")).contains("/opt/fleet/lib/fleetd.jsa");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sh("fleetctl list-units --no-legend --fields unit,active"))
                .isEqualTo("deb-hello.service\tactive"));
    }

    @Test
    @Order(5)
    void removingStopsFleetdAndLeavesOnlyTheConfiguration() throws Exception {
        sh("fleetctl destroy deb-hello.service");
        await().atMost(WAIT).untilAsserted(() -> assertThat(m.exec("systemctl", "is-active", "deb-hello.service").output().trim())
                .isNotEqualTo("active"));
        sh("dpkg -r fleet");
        assertThat(m.exec("systemctl", "is-active", "fleet.service").output().trim()).isEqualTo("inactive");
        assertThat(sh("dpkg-query -W -f='${Status}' fleet")).isEqualTo("deinstall ok config-files");
        assertThat(m.file("/opt/fleet")).doesNotExist();
        assertThat(m.file("/usr/bin/fleetctl")).doesNotExist();
        assertThat(m.file("/run/fleet.sock")).doesNotExist();
        assertThat(Files.readString(m.file("/etc/fleet/fleet.conf"))).isEqualTo(fleetConf);
    }

    @Test
    @Order(6)
    void purgingLeavesNothingBehind() throws Exception {
        sh("dpkg -P fleet");
        assertThat(m.exec("dpkg-query", "-W", "fleet").exitCode()).isNotZero();
        assertThat(m.exec("getent", "group", "fleet").exitCode()).as("the group fleet").isEqualTo(2);
        assertThat(sh(TRACES)).isEqualTo(tracesBefore);
    }

    private static String mainPid(String unit) throws Exception {
        return sh("systemctl show -p MainPID --value " + unit);
    }

    /** A shell command in the machine that must succeed; its output without the final newline. */
    private static String sh(String script) throws Exception {
        FleetLab.Result r = m.exec("sh", "-c", script);
        assertThat(r.exitCode()).as("%s on %s: %s", script, m.name(), r.output()).isZero();
        return r.output().strip();
    }
}
