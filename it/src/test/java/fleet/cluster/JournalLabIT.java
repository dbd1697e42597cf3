package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * fleetd's log as journald keeps it, read with {@code journalctl -o json} inside lab machines:
 * native entries with SYSLOG_IDENTIFIER=fleetd, a priority per level and the unit an agent task is
 * about in FLEET_UNIT; per-package levels from fleet.conf applied by a reload; and an etcd outage of
 * 10 s logged as a few lines per machine (one when each part loses etcd, one when it is back), not
 * one per retry.
 */
@Tag("lab")
@TestMethodOrder(OrderAnnotation.class)
class JournalLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static final ObjectMapper JSON = new ObjectMapper();
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(2, WAIT);
    }

    @Test
    @Order(1)
    void agentEntriesCarryTheIdentifierAPriorityAndTheUnit() throws Exception {
        LabMachine target = lab.machine(2);
        assertThat(api.put("journaled.service", UnitFile.parse("[Service]\nExecStart=/bin/sleep infinity\n[X-Fleet]\n"
                + "MachineID=" + target.machineId() + "\n"), "launched")).isEqualTo(201);

        await().atMost(WAIT).untilAsserted(() -> assertThat(entries(target, "FLEET_UNIT=journaled.service"))
                .anySatisfy(e -> assertThat(e.path("MESSAGE").asText()).startsWith("AgentExecutor: Start(journaled.service)")));
        assertThat(entries(target, "FLEET_UNIT=journaled.service")).allSatisfy(e -> {
            assertThat(e.path("SYSLOG_IDENTIFIER").asText()).isEqualTo("fleetd");
            assertThat(e.path("_TRANSPORT").asText()).as("journald's native protocol").isEqualTo("journal");
            assertThat(e.path("PRIORITY").asText()).isEqualTo("6");
            assertThat(e.path("FLEET_LOGGER").asText()).isEqualTo("fleet.agent.AgentExecutor");
        });
        assertThat(entries(lab.machine(1), "FLEET_UNIT=journaled.service")).as("the other machine did nothing with it")
                .isEmpty();
    }

    @Test
    @Order(2)
    void logLevelsOfFleetConfApplyOnReload() throws Exception {
        Instant since = Instant.now();
        for (LabMachine m : lab.machines()) {
            Files.writeString(m.file("/etc/fleet/fleet.conf"), "log_levels=fleet.engine=debug\n",
                    java.nio.file.StandardOpenOption.APPEND);
            assertThat(m.exec("systemctl", "reload", "fleet.service").exitCode()).isZero();
        }
        // the leader's passes log at debug, each with its pass number
        await().atMost(WAIT).untilAsserted(() -> assertThat(debugEntries(since)).anySatisfy(e ->
                assertThat(e.path("FLEET_PASS").asText()).matches("[1-9][0-9]*")));
        assertThat(debugEntries(since)).allSatisfy(e -> {
            assertThat(e.path("FLEET_LOGGER").asText()).as("only fleet.engine was set to debug").startsWith("fleet.engine.");
            assertThat(e.path("SYSLOG_IDENTIFIER").asText()).isEqualTo("fleetd");
        });

        for (LabMachine m : lab.machines()) {
            var conf = m.file("/etc/fleet/fleet.conf");
            Files.writeString(conf, Files.readString(conf).replace("log_levels=fleet.engine=debug\n", ""));
            assertThat(m.exec("systemctl", "reload", "fleet.service").exitCode()).isZero();
        }
        Instant quiet = Instant.now().plusSeconds(2);
        await().atMost(WAIT).pollDelay(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(debugEntries(quiet)).as("back to info after the second reload").isEmpty());
    }

    @Test
    @Order(3)
    void anEtcdOutageIsAFewLinesPerMachineNotOnePerRetry() throws Exception {
        Instant since = Instant.now().plusSeconds(1);
        Thread.sleep(1_100);
        lab.etcdMember(1, "kill");
        Thread.sleep(10_000);
        lab.etcdMember(1, "start");
        for (LabMachine m : lab.machines()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(messages(m, since))
                    .anySatisfy(line -> assertThat(line).contains("etcd answers the keep-alives again after"))
                    .anySatisfy(line -> assertThat(line).startsWith("Agent: etcd answers again")));
        }
        Thread.sleep(2_000); // the parts that noticed the outage last say so too
        for (LabMachine m : lab.machines()) {
            List<String> lines = messages(m, since);
            // before: ~25 lines in 10 s, a Presence, an Agent and an EngineLeadership line per retry
            assertThat(lines).as("%s logged during and after the outage", m).hasSizeLessThanOrEqualTo(14);
            // lost and regained (and, were the lease to expire meanwhile, registered again)
            assertThat(lines).as(String.join("\n", lines)).filteredOn(l -> l.startsWith("Presence:")).hasSizeBetween(2, 3);
            assertThat(lines).as(String.join("\n", lines)).filteredOn(l -> l.startsWith("Agent:")).hasSizeBetween(1, 2);
            assertThat(lines).as("no stack trace for an expected condition").noneMatch(l -> l.contains("\n\tat "));
        }
    }

    /** fleetd's journal entries on {@code m} that match journalctl's {@code FIELD=value}. */
    static List<JsonNode> entries(LabMachine m, String... matches) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "-u", "fleet.service", "-o", "json", "--no-pager"));
        cmd.addAll(List.of(matches));
        var r = m.exec(cmd.toArray(String[]::new));
        List<JsonNode> entries = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("{")) {
                entries.add(JSON.readTree(line));
            }
        }
        return entries;
    }

    static List<JsonNode> debugEntries(Instant since) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (LabMachine m : lab.machines()) {
            all.addAll(entries(m, "PRIORITY=7", "--since", "@" + since.getEpochSecond()));
        }
        return all;
    }

    /** fleetd's messages on {@code m} since {@code since}, the JVM's own start-up warning aside. */
    static List<String> messages(LabMachine m, Instant since) throws Exception {
        return entries(m, "SYSLOG_IDENTIFIER=fleetd", "--since", "@" + since.getEpochSecond()).stream()
                .map(e -> e.path("MESSAGE").asText()).toList();
    }
}
