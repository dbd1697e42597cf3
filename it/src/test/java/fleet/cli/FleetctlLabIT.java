package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.LabExtension;
import fleet.testing.TestEnv;

/**
 * fleetctl end to end, as a user runs it: the real {@code bin/fleetctl} as a process, against
 * machine m1's API, in a lab of three real systemd machines running fleetd on a real etcd. Exit
 * codes and output are checked as printed. Tests share the lab and run in order.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetctlLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd()
            .metadata(1, "role=web,zone=a").metadata(2, "role=web,zone=b").metadata(3, "role=db");

    @TempDir
    static Path units;

    static final Duration RUN = TestEnv.scaled(Duration.ofSeconds(60));
    static final Pattern LAUNCHED = Pattern.compile("Unit (\\S+) launched on ([0-9a-f]{8})\\.\\.\\./(\\S+)");
    static FleetctlProcess fleetctl;

    @BeforeAll
    static void unitFilesAndClient() throws Exception {
        write("web@.service", "[Unit]\nDescription=web instance %i\n[Service]\nExecStart=/bin/sleep infinity\n"
                + "[X-Fleet]\nConflicts=web@*.service\n");
        write("talker.service", "[Service]\nExecStart=/bin/sh -c 'echo talker-says-hello; exec sleep infinity'\n"
                + "[X-Fleet]\nMachineMetadata=role=db\n");
        write("nowhere.service", "[Service]\nExecStart=/bin/sleep infinity\n[X-Fleet]\nMachineMetadata=role=gpu\n");
        write("crasher.service", "[Service]\nType=oneshot\nExecStart=/bin/false\n[X-Fleet]\nMachineMetadata=role=db\n");
        fleetctl = new FleetctlProcess("http://" + lab.machine(1).ip() + ":49153", units);
        await().atMost(TestEnv.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1))
                .until(() -> run("list-machines", "--no-legend").out().lines().count() == 3);
    }

    static void write(String name, String text) throws Exception {
        Files.writeString(units.resolve(name), text);
    }

    static FleetctlProcess.Result run(String... args) throws Exception {
        return fleetctl.run(RUN, args);
    }

    @Test
    @Order(1)
    void listMachinesShowsTheThreeMachinesWithTheirMetadata() throws Exception {
        var r = run("list-machines");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.header()).containsExactly("MACHINE", "IP", "METADATA");
        assertThat(r.rows()).hasSize(3).allSatisfy(row -> assertThat(row.get(0)).matches("[0-9a-f]{8}\\.\\.\\."));
        assertThat(r.rows()).extracting(row -> row.get(1) + " " + row.get(2)).containsExactlyInAnyOrder(
                ip(1) + " role=web,zone=a", ip(2) + " role=web,zone=b", ip(3) + " role=db");
    }

    @Test
    @Order(2)
    void submitCreatesInstancesFromTheLocalTemplate() throws Exception {
        var r = run("submit", "web@1.service", "web@2.service", "web@3.service");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Unit web@1.service inactive\nUnit web@2.service inactive\n"
                + "Unit web@3.service inactive\n");
        var files = run("list-unit-files");
        assertThat(files.code()).as(files.toString()).isZero();
        assertThat(files.header()).containsExactly("UNIT", "HASH", "DSTATE", "STATE", "TARGET");
        assertThat(files.rows()).extracting(row -> row.get(0) + " " + row.get(2) + " " + row.get(3) + " " + row.get(4))
                .containsExactly("web@1.service inactive inactive -", "web@2.service inactive inactive -",
                        "web@3.service inactive inactive -");
    }

    @Test
    @Order(3)
    void startWaitsUntilLaunchedAndActiveAndConflictsSpreadTheInstances() throws Exception {
        var r = run("start", "--block-attempts=20", "web@1.service", "web@2.service", "web@3.service");
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> ips = LAUNCHED.matcher(r.out()).results().map(m -> m.group(3)).toList();
        assertThat(ips).as(r.toString()).containsExactlyInAnyOrder(ip(1), ip(2), ip(3));

        var list = run("list-units");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.header()).containsExactly("UNIT", "MACHINE", "ACTIVE", "SUB");
        assertThat(list.rows()).as(list.toString()).hasSize(3).allSatisfy(row -> {
            assertThat(row.get(0)).startsWith("web@");
            assertThat(row.get(1)).matches("[0-9a-f]{8}\\.\\.\\./.+").satisfies(m -> assertThat(m.substring(12))
                    .isIn(ip(1), ip(2), ip(3)));
            assertThat(row.subList(2, 4)).containsExactly("active", "running");
        });
        var files = run("list-unit-files", "--fields", "unit,dstate,state");
        assertThat(files.rows()).extracting(row -> String.join(" ", row)).containsExactly(
                "web@1.service launched launched", "web@2.service launched launched", "web@3.service launched launched");
    }

    @Test
    @Order(4)
    void catPrintsTheStoredUnit() throws Exception {
        var r = run("cat", "web@2.service");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("[Service]").contains("ExecStart=/bin/sleep infinity")
                .contains("Conflicts=web@*.service");
    }

    @Test
    @Order(5)
    void statusOfAUnitOnAnotherMachineIsForwardedThere() throws Exception {
        String remote = unitNotOnM1();
        var r = run("status", remote);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(remote).contains("Active: active");
    }

    @Test
    @Order(6)
    void journalShowsTheUnitsOutputFromItsMachine() throws Exception {
        var start = run("start", "--block-attempts=20", "talker.service");
        assertThat(start.code()).as(start.toString()).isZero();
        assertThat(start.out()).as("talker runs on m3, the role=db machine").endsWith("/" + ip(3) + "\n");
        await().atMost(TestEnv.scaled(Duration.ofSeconds(20))).untilAsserted(() -> {
            var r = run("journal", "--lines", "5", "talker.service");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("talker-says-hello");
            assertThat(r.out().lines().count()).as(r.out()).isLessThanOrEqualTo(6);
        });
    }

    @Test
    @Order(7)
    void aUnitThatCannotBePlacedFailsWithTheEnginesReasonsAndExit2() throws Exception {
        var r = run("start", "--block-attempts=5", "nowhere.service");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("Unit nowhere.service could not be placed").contains("role=gpu");
        assertThat(r.err().lines().filter(l -> l.matches("  [0-9a-f]{8}\\.\\.\\.: .+")).count()).as(r.err())
                .isEqualTo(3);
        assertThat(r.took()).as("within its --block-attempts (5 x 2 s) plus start-up")
                .isLessThan(TestEnv.scaled(Duration.ofSeconds(25)));
    }

    @Test
    @Order(8)
    void aUnitThatFailsInSystemdMakesStartExit1() throws Exception {
        var r = run("start", "--block-attempts=10", "crasher.service");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("crasher.service").contains("failed in systemd").contains("ActiveState=failed");
    }

    @Test
    @Order(9)
    void unknownUnitsExit1() throws Exception {
        for (String cmd : List.of("status", "cat", "journal")) {
            var r = run(cmd, "nosuch.service");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("nosuch.service");
        }
    }

    @Test
    @Order(10)
    void stopUnloadAndDestroyTakeTheUnitAway() throws Exception {
        var stop = run("stop", "--block-attempts=10", "talker.service");
        assertThat(stop.code()).as(stop.toString()).isZero();
        await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(() -> activeOf("talker.service").equals("inactive"));

        var unload = run("unload", "--block-attempts=10", "talker.service");
        assertThat(unload.code()).as(unload.toString()).isZero();
        // unload waits for the unit's fleet state (unscheduled), as fleet's did; its machine's agent
        // removes the systemd state it published a moment later
        await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).pollInterval(Duration.ofMillis(200))
                .until(() -> !run("list-units", "--no-legend").out().contains("talker.service"));

        var destroy = run("destroy", "web@1.service", "talker.service");
        assertThat(destroy.code()).as(destroy.toString()).isZero();
        assertThat(destroy.out()).contains("Destroyed web@1.service").contains("Destroyed talker.service");
        await().atMost(TestEnv.scaled(Duration.ofSeconds(20))).pollInterval(Duration.ofSeconds(1))
                .until(() -> !run("list-units", "--no-legend").out().contains("web@1.service"));
        assertThat(run("list-unit-files", "--no-legend").out()).doesNotContain("web@1.service")
                .doesNotContain("talker.service").contains("web@2.service");
    }

    static String ip(int machine) {
        return lab.machine(machine).ip();
    }

    /** A web instance whose machine is not m1 (whose API every command talks to). */
    static String unitNotOnM1() throws Exception {
        var list = run("list-units", "--no-legend", "--fields", "unit,machine");
        for (List<String> row : allRows(list)) {
            if (!row.get(1).endsWith("/" + lab.machine(1).ip())) {
                return row.get(0);
            }
        }
        throw new AssertionError("every unit runs on m1?\n" + list);
    }

    static List<List<String>> allRows(FleetctlProcess.Result noLegend) {
        return noLegend.out().lines().filter(l -> !l.isBlank()).map(l -> List.of(l.split("\t+"))).toList();
    }

    static String activeOf(String unit) throws Exception {
        var list = run("list-units", "--no-legend", "--fields", "unit,active");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(unit) + "\t+(\\S+)$").matcher(list.out());
        return m.find() ? m.group(1) : "absent";
    }
}
