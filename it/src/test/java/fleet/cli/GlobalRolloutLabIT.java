package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * The rolling update of a global unit with the real {@code bin/fleetctl apply} on three real systemd
 * machines: the new version fails on the second machine of the rollout, so the third keeps the old
 * one running (not even restarted); a second apply of the same file is held; every fleetd restarted
 * mid-rollout (agents and the engine's leader) leaves each machine on its version; a fixed file
 * resumes and completes. Tests run in order.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlobalRolloutLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd();

    @TempDir
    static Path units;

    static final Duration RUN = TestEnv.scaled(Duration.ofSeconds(120));
    /** While this file exists on a machine, the versions of mon.service that check it fail to start there. */
    static final String FAIL_FLAG = "/etc/global-rollout-it-fail";
    static FleetctlProcess fleetctl;
    /** The lab's machines in the order a rollout takes them (by machine ID). */
    static List<LabMachine> inOrder;

    @BeforeAll
    static void cluster() throws Exception {
        fleetctl = new FleetctlProcess("http://" + lab.machine(1).ip() + ":49153", units);
        await().atMost(TestEnv.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1))
                .until(() -> run("list-machines", "--no-legend").out().lines().count() == 3);
        inOrder = List.of(lab.machine(1), lab.machine(2), lab.machine(3)).stream()
                .sorted(Comparator.comparing(LabMachine::machineId)).toList();
    }

    static void writeMon(String version, String pre) throws IOException {
        Files.writeString(units.resolve("mon.service"), "[Unit]\nDescription=monitor\n\n[Service]\n" + pre
                + "ExecStart=/bin/sh -c 'echo " + version + "; exec sleep infinity'\n\n[X-Fleet]\nGlobal=true\n");
    }

    static FleetctlProcess.Result run(String... args) throws Exception {
        return fleetctl.run(RUN, args);
    }

    static FleetctlProcess.Result expect(int code, String... args) throws Exception {
        return fleetctl.expect(code, RUN, args);
    }

    /** machine ID → "HASH ACTIVE" of mon.service, from list-units. */
    static Map<String, String> byMachine() throws Exception {
        var r = expect(0, "list-units", "--no-legend", "--full", "--fields", "machine,hash,active");
        Map<String, String> out = new TreeMap<>();
        r.out().lines().map(l -> l.split("\t+")).forEach(c -> out.put(c[0].split("/")[0], c[1] + " " + c[2]));
        return out;
    }

    static String hashOfCommitted() throws Exception {
        return expect(0, "list-unit-files", "--no-legend", "--full", "--fields", "hash").out().strip();
    }

    static String startedAt(LabMachine m) throws Exception {
        var r = m.exec("systemctl", "show", "-p", "ExecMainStartTimestampMonotonic", "--value", "mon.service");
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().strip();
    }

    @Test
    @Order(1)
    void aGlobalUnitRunsTheFirstVersionEverywhere() throws Exception {
        writeMon("v1", "");
        expect(0, "apply", units.toString());
        String v1 = hashOfCommitted();
        await().atMost(RUN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(byMachine())
                .containsOnlyKeys(inOrder.stream().map(LabMachine::machineId).toList())
                .allSatisfy((machine, seen) -> assertThat(seen).isEqualTo(v1 + " active")));
    }

    @Test
    @Order(2)
    void aVersionThatFailsOnTheSecondMachineStopsTheRolloutAndTheThirdKeepsTheOldOneRunning() throws Exception {
        String v1 = hashOfCommitted();
        LabMachine first = inOrder.get(0);
        LabMachine second = inOrder.get(1);
        LabMachine third = inOrder.get(2);
        assertThat(second.exec("touch", FAIL_FLAG).exitCode()).isZero();
        String thirdStarted = startedAt(third);
        writeMon("v2", "ExecStartPre=/bin/sh -c 'test ! -e " + FAIL_FLAG + "'\n");

        var apply = expect(1, "apply", units.toString());

        assertThat(apply.out()).contains("Rolling out mon.service to ").contains("1 at a time, in the order "
                + first.machineId() + ", " + second.machineId() + ", " + third.machineId())
                .contains("  " + first.machineId() + ": active with ");
        assertThat(apply.err()).contains("Error: mon.service failed with the new version on " + second.machineId()
                + " (ActiveState=failed").contains("still on the old version: " + third.machineId());
        Map<String, String> seen = byMachine();
        String v2 = seen.get(first.machineId()).split(" ")[0];
        assertThat(v2).isNotEqualTo(v1);
        assertThat(seen.get(first.machineId())).isEqualTo(v2 + " active");
        assertThat(seen.get(third.machineId())).isEqualTo(v1 + " active");
        assertThat(startedAt(third)).as("the third machine's unit was never restarted").isEqualTo(thirdStarted);
        assertThat(hashOfCommitted()).as("fleet v1.0's clients still see the committed version").isEqualTo(v1);
        var files = run("list-unit-files", "--no-legend", "--fields", "unit,rollout");
        assertThat(files.out().strip()).isEqualTo("mon.service\tto " + v2.substring(0, 7) + ", 1 at a time, 2/3: "
                + first.machineId().substring(0, 8) + "... " + second.machineId().substring(0, 8) + "...|"
                + third.machineId().substring(0, 8) + "...");

        var again = expect(1, "apply", units.toString());
        assertThat(again.err()).contains("Error: rollout of mon.service held: mon.service is failed in systemd");
        assertThat(byMachine().get(third.machineId())).isEqualTo(v1 + " active");
    }

    @Test
    @Order(3)
    void restartingEveryFleetdMidRolloutKeepsEachMachineOnItsVersion() throws Exception {
        LabMachine first = inOrder.get(0);
        LabMachine third = inOrder.get(2);
        Map<String, String> before = byMachine();
        String firstStarted = startedAt(first);
        String thirdStarted = startedAt(third);

        // every agent restarts, and the engine's leader changes
        for (LabMachine m : inOrder) {
            assertThat(m.exec("systemctl", "restart", "fleet.service").exitCode()).isZero();
        }
        for (LabMachine m : inOrder) {
            await().atMost(RUN).pollInterval(Duration.ofMillis(500))
                    .until(() -> m.exec("systemctl", "is-active", "fleet.service").output().strip().equals("active"));
        }

        await().atMost(RUN).pollInterval(Duration.ofMillis(500)).until(() -> {
            var listed = run("list-units", "--no-legend");
            return listed.code() == 0 && listed.out().lines().count() == 3;
        });
        // the restarted agents' first passes and the next (every 5 s) change nothing
        await().during(TestEnv.scaled(Duration.ofSeconds(6))).atMost(RUN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, String> now = byMachine();
                    assertThat(now.get(first.machineId())).isEqualTo(before.get(first.machineId()));
                    assertThat(now.get(third.machineId())).isEqualTo(before.get(third.machineId()));
                    assertThat(startedAt(first)).isEqualTo(firstStarted);
                    assertThat(startedAt(third)).isEqualTo(thirdStarted);
                });
    }

    @Test
    @Order(4)
    void aFixedFileResumesAndCompletesTheRollout() throws Exception {
        writeMon("v3", "");
        var apply = expect(0, "apply", units.toString());
        assertThat(apply.out()).contains("Replaced mon.service (launched): 3 machine(s) on ")
                .endsWith("Applied: 0 created, 1 replaced, 0 state change(s), 0 destroyed; 0 unchanged.\n");
        String v3 = hashOfCommitted();
        assertThat(byMachine()).hasSize(3).allSatisfy((machine, seen) -> assertThat(seen).isEqualTo(v3 + " active"));
        assertThat(run("list-unit-files", "--no-legend", "--fields", "rollout").out().strip()).isEqualTo("-");
        assertThat(run("cat", "mon.service").out()).contains("echo v3");
        assertThat(expect(0, "apply", units.toString()).out()).startsWith("No changes");
    }
}
