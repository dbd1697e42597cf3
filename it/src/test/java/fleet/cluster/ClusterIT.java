package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.systemd.DbusSystemdManager;
import fleet.systemd.UnitState;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * The whole system as a user runs it: three real systemd machines, each running the work tree's
 * fleetd as fleet.service against a real etcd; units go in through the HTTP API and are checked in
 * each machine's own systemd over D-Bus. Tests share one lab and run in order (the last kills a machine).
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd()
            .metadata(1, "role=web").metadata(2, "role=web").metadata(3, "role=db");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static final Map<String, DbusSystemdManager> buses = new HashMap<>();
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    @AfterAll
    static void disconnect() {
        buses.values().forEach(DbusSystemdManager::close);
    }

    static DbusSystemdManager bus(LabMachine m) {
        return buses.computeIfAbsent(m.name(), n -> DbusSystemdManager.connect(m.busAddress()));
    }

    static UnitFile unit(String text) throws Exception {
        return UnitFile.parse(text);
    }

    static String activeOn(LabMachine m, String unit) {
        UnitState s = bus(m).states(List.of(unit)).get(unit);
        return s == null ? "absent" : s.active();
    }

    /** The machines whose systemd runs {@code unit} (ActiveState=active). */
    static List<String> runningOn(String unit, List<LabMachine> machines) {
        return machines.stream().filter(m -> "active".equals(activeOn(m, unit))).map(LabMachine::name).toList();
    }

    /** The MainPID of {@code unit} in the machine's systemd, "0" when it has no running process. */
    static String mainPid(LabMachine m, String unit) throws Exception {
        return m.exec("systemctl", "show", "-p", "MainPID", "--value", unit).output().trim();
    }

    /** What process {@code pid} of the machine logged to the journal. */
    static String journalOf(LabMachine m, String pid) throws Exception {
        return m.exec("journalctl", "_PID=" + pid, "-o", "cat", "--no-pager").output();
    }

    static List<LabMachine> all() {
        return lab.machines();
    }

    static final String SLEEPER = "[Service]\nExecStart=/bin/sleep infinity\n";

    @Test
    @Order(1)
    void constraintsPlaceUnitsWhereTheyBelongInEachMachinesSystemd() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(api.put("web@" + i + ".service", unit(SLEEPER + "[X-Fleet]\nConflicts=web@*.service\n"), "launched"))
                    .isEqualTo(201);
        }
        assertThat(api.put("db.service", unit(SLEEPER + "[X-Fleet]\nMachineMetadata=role=db\n"), "launched")).isEqualTo(201);
        assertThat(api.put("db-sidekick.service", unit(SLEEPER + "[X-Fleet]\nMachineOf=db.service\n"), "launched")).isEqualTo(201);
        assertThat(api.put("monitor.service", unit(SLEEPER + "[X-Fleet]\nGlobal=true\nMachineMetadata=role=web\n"), "launched"))
                .isEqualTo(201);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(runningOn("db.service", all())).containsExactly("m3");
            assertThat(runningOn("db-sidekick.service", all())).containsExactly("m3");
            assertThat(runningOn("monitor.service", all())).containsExactly("m1", "m2");
            for (int i = 1; i <= 3; i++) {
                assertThat(runningOn("web@" + i + ".service", all())).hasSize(1);
            }
        });
        List<String> webMachines = List.of(runningOn("web@1.service", all()).get(0),
                runningOn("web@2.service", all()).get(0), runningOn("web@3.service", all()).get(0));
        assertThat(webMachines).as("Conflicts spreads the instances one per machine")
                .containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(Files.exists(lab.machine(3).file("/run/fleet/units/db.service"))).isTrue();
    }

    @Test
    @Order(2)
    void stopUnloadAndDestroyTakeTheUnitAwayFromSystemd() throws Exception {
        assertThat(api.put("gone.service", unit(SLEEPER + "[X-Fleet]\nMachineMetadata=role=db\n"), "launched")).isEqualTo(201);
        LabMachine m3 = lab.machine(3);
        await().atMost(WAIT).until(() -> "active".equals(activeOn(m3, "gone.service")));

        assertThat(api.setDesiredState("gone.service", "loaded")).isEqualTo(204);
        await().atMost(WAIT).until(() -> "inactive".equals(activeOn(m3, "gone.service")));
        assertThat(Files.exists(m3.file("/run/fleet/units/gone.service"))).isTrue();

        assertThat(api.setDesiredState("gone.service", "inactive")).isEqualTo(204);
        await().atMost(WAIT).until(() -> !Files.exists(m3.file("/run/fleet/units/gone.service")));

        assertThat(api.setDesiredState("gone.service", "launched")).isEqualTo(204);
        await().atMost(WAIT).until(() -> "active".equals(activeOn(m3, "gone.service")));
        assertThat(api.destroy("gone.service")).isEqualTo(204);
        await().atMost(WAIT).until(() -> !Files.exists(m3.file("/run/fleet/units/gone.service"))
                && !"active".equals(activeOn(m3, "gone.service")));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(api.states()).noneMatch(s -> s.get("name").equals("gone.service")));
    }

    @Test
    @Order(3)
    void restartingFleetdLeavesRunningUnitsAlone() throws Exception {
        LabMachine m3 = lab.machine(3);
        OptionalLong before = bus(m3).mainPid("db.service");
        assertThat(before).isPresent();
        String oldFleetd = mainPid(m3, "fleet.service");
        assertThat(m3.exec("systemctl", "restart", "fleet.service").ok()).isTrue();
        await().atMost(WAIT).until(() -> !List.of("0", oldFleetd).contains(mainPid(m3, "fleet.service")));
        String fleetd = mainPid(m3, "fleet.service");
        // the new fleetd has adopted and reconciled: its agent finished a pass (SIGUSR1's state dump says when)
        await().atMost(WAIT).until(() -> journalOf(m3, fleetd).contains("fleetd running"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(m3.exec("kill", "-USR1", fleetd).ok()).isTrue();
            return journalOf(m3, fleetd).contains("\"agentLastPass\":\"");
        });
        assertThat(mainPid(m3, "fleet.service")).isEqualTo(fleetd);
        assertThat(bus(m3).mainPid("db.service")).isEqualTo(before);
        assertThat(activeOn(m3, "db.service")).isEqualTo("active");
    }

    @Test
    @Order(4)
    void newUnitContentIsUnloadedAndLoadedAgain() throws Exception {
        LabMachine m3 = lab.machine(3);
        OptionalLong before = bus(m3).mainPid("db.service");
        String v2 = "[Unit]\nDescription=version 2\n" + SLEEPER + "[X-Fleet]\nMachineMetadata=role=db\n";
        assertThat(api.put("db.service", unit(v2), "launched")).isEqualTo(201);
        // the agent replaces the file (unload, then load): a read in between finds none
        await().atMost(WAIT).ignoreExceptions().until(() -> Files.readString(m3.file("/run/fleet/units/db.service")).contains("version 2")
                && "active".equals(activeOn(m3, "db.service")));
        assertThat(bus(m3).mainPid("db.service")).isNotEqualTo(before);
    }

    /** Launches {@code name} on a role=web machine and returns that machine and the other web machine. */
    static LabMachine[] launchOnAWebMachine(String name) throws Exception {
        assertThat(api.put(name, unit(SLEEPER + "[X-Fleet]\nMachineMetadata=role=web\n"), "launched")).isEqualTo(201);
        List<LabMachine> web = List.of(lab.machine(1), lab.machine(2));
        await().atMost(WAIT).until(() -> runningOn(name, web).size() == 1);
        LabMachine host = runningOn(name, web).get(0).equals("m1") ? lab.machine(1) : lab.machine(2);
        return new LabMachine[] {host, host == lab.machine(1) ? lab.machine(2) : lab.machine(1)};
    }

    @Test
    @Order(5)
    void statusAndJournalOfAUnitOnAnotherMachineAreForwardedThere() throws Exception {
        LabMachine m3 = lab.machine(3);
        assertThat(api.put("chatty.service", unit("[Service]\nExecStart=/bin/sh -c 'echo chatty-on-m3; exec sleep "
                + "infinity'\n[X-Fleet]\nMachineMetadata=role=db\n"), "launched")).isEqualTo(201);
        await().atMost(WAIT).until(() -> "active".equals(activeOn(m3, "chatty.service")));
        HttpResponse<String> status = api.get("units/chatty.service/status");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(status.body()).contains("chatty.service").contains("Active: active");
        assertThat(status.headers().firstValue("X-Fleet-Exit-Status")).hasValue("0");
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.get("units/chatty.service/journal?lines=5").body())
                .contains("chatty-on-m3"));

        HttpResponse<InputStream> follow = api.stream("units/chatty.service/journal?lines=1&follow=true");
        assertThat(follow.statusCode()).isEqualTo(200);
        try (InputStream in = follow.body()) {
            assertThat(in.read(new byte[64])).as("the followed journal streams through m1").isPositive();
            assertThat(m3.exec("pgrep", "-x", "journalctl").ok()).as("journalctl -f runs on m3").isTrue();
        }
        // the caller leaving ends m1's forwarded request, and with it the reader on m3
        await().atMost(WAIT).until(() -> !m3.exec("pgrep", "-x", "journalctl").ok());

        HttpResponse<String> missing = api.get("units/nosuch.service/status");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"code\":404");
    }

    @Test
    @Order(6)
    void aFrozenMachinesUnitsMoveAndItsStaleCopyStopsAfterThaw() throws Exception {
        LabMachine[] where = launchOnAWebMachine("roamer.service");
        LabMachine frozen = where[0];
        LabMachine other = where[1];
        lab.freeze(frozen);
        try {
            // past agent_ttl (5 s in the lab) the frozen machine's presence expires and the unit moves
            await().atMost(WAIT).until(() -> "active".equals(activeOn(other, "roamer.service")));
        } finally {
            lab.thaw(frozen);
        }
        // the thawed agent finds roamer no longer scheduled there and stops its stale copy
        await().atMost(WAIT).until(() -> !"active".equals(activeOn(frozen, "roamer.service")));
        assertThat(runningOn("roamer.service", all())).containsExactly(other.name());
    }

    @Test
    @Order(7)
    void aKilledMachinesUnitsRunElsewhere() throws Exception {
        LabMachine[] where = launchOnAWebMachine("survivor.service");
        LabMachine victim = where[0];
        LabMachine other = where[1];
        lab.kill(victim);
        DbusSystemdManager gone = buses.remove(victim.name());
        if (gone != null) {
            gone.close();
        }
        await().atMost(WAIT).until(() -> "active".equals(activeOn(other, "survivor.service")));
    }
}
