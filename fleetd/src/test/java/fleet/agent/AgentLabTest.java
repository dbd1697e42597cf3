package fleet.agent;

import java.util.List;
import static fleet.agent.LabAgentFixture.WAIT;
import static fleet.agent.LabAgentFixture.sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.registry.MetadataChange;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.testing.LabExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/** The agent in this JVM driving a real lab machine's systemd from a real etcd. */
@Tag("lab")
class AgentLabTest {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final LabExtension LAB = LabExtension.machines(1);

    private LabAgentFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new LabAgentFixture(LAB.machine(1), ETCD.endpoint(), Map.of("role", "web", "disk", "ssd"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aScheduledUnitRunsAndItsStateIsPublished() throws Exception {
        UnitFile body = sleeper("hello", "");
        f.startAgent();
        f.schedule("hello.service", body, DesiredState.LAUNCHED);

        await().atMost(WAIT).until(() -> f.active("hello.service"));
        assertThat(f.fileContent("hello.service")).isEqualTo(body.serialize());
        assertThat(Files.getPosixFilePermissions(f.fileOnHost("hello.service")))
                .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.publishedState("hello.service")).hasValue(
                new UnitStateRecord("hello.service", body.hash(), f.machine.machineId(), "loaded", "active", "running",
                        "launched")));
    }

    @Test
    void aUnitSystemdRefusesNeverStopsTheOthersAndItsStateSaysWhy() throws Exception {
        // systemd refuses to enable it: "Cannot alias refused.service as bad"
        UnitFile refused = sleeper("refused", "\n[Install]\nAlias=bad\n");
        UnitFile fine = sleeper("fine", "");
        f.startAgent();
        f.schedule("refused.service", refused, DesiredState.LAUNCHED);
        f.schedule("fine.service", fine, DesiredState.LAUNCHED);

        await().atMost(WAIT).until(() -> f.active("fine.service"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.publishedState("refused.service"))
                .hasValueSatisfying(s -> assertThat(s.agentError()).startsWith("Load(refused.service) failed")));
        assertThat(f.active("refused.service")).isFalse();
        f.unschedule("refused.service");
        f.unschedule("fine.service");
        await().atMost(WAIT).until(() -> f.publishedState("refused.service").isEmpty());
    }

    @Test
    void moreUnitsAtOnceThanTheBusLetsAwaitRepliesAllStart() throws Exception {
        // the system bus refuses a connection more than 128 calls awaiting replies; one pass starts all of these
        int n = 2 * fleet.systemd.DbusSystemdManager.MAX_PENDING_STARTS + 72;
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("many-" + i + ".service");
            f.schedule(names.get(i), sleeper("many " + i, ""), DesiredState.LAUNCHED);
        }
        try (LogCounter jobFailures = LogCounter.attach(AgentExecutor.class, "{} job of")) {
            f.startAgent();

            await().atMost(WAIT.multipliedBy(2)).until(() -> f.activeCount(names) == n);
            assertThat(jobFailures.count()).as("start calls refused or failed").isZero();
        }
        names.forEach(f::unschedule);
        await().atMost(WAIT.multipliedBy(2)).until(() -> f.activeCount(names) == 0);
    }

    @Test
    void desiredLoadedStopsTheUnitAndUnschedulingRemovesIt() throws Exception {
        UnitFile body = sleeper("stoppable", "\n[Install]\nWantedBy=multi-user.target\n");
        f.startAgent();
        f.schedule("stoppable.service", body, DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> f.active("stoppable.service"));
        assertThat(Files.isSymbolicLink(f.machine.file("/run/systemd/system/multi-user.target.wants/stoppable.service")))
                .as("[Install] enabled at runtime").isTrue();

        f.schedule("stoppable.service", body, DesiredState.LOADED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.systemdState("stoppable.service").active())
                .isEqualTo("inactive"));
        assertThat(Files.exists(f.fileOnHost("stoppable.service"))).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.publishedState("stoppable.service"))
                .hasValueSatisfying(s -> {
                    assertThat(s.activeState()).isEqualTo("inactive");
                    assertThat(s.agentState()).isEqualTo("loaded");
                }));

        f.unschedule("stoppable.service");
        await().atMost(WAIT).until(() -> !Files.exists(f.fileOnHost("stoppable.service")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.systemdState("stoppable.service").load())
                .isEqualTo("not-found"));
        assertThat(Files.exists(f.machine.file("/run/systemd/system/multi-user.target.wants/stoppable.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        await().atMost(WAIT).until(() -> f.publishedState("stoppable.service").isEmpty());
    }

    @Test
    void aNewHashReplacesTheRunningUnit() throws Exception {
        UnitFile v1 = sleeper("version one", "");
        UnitFile v2 = sleeper("version two", "");
        f.startAgent();
        f.schedule("versioned.service", v1, DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> f.active("versioned.service"));
        long pid1 = f.mainPid("versioned.service").orElseThrow();

        f.schedule("versioned.service", v2, DesiredState.LAUNCHED);
        // the agent deletes the old file before it writes the new one: a read in between finds none
        await().atMost(WAIT).ignoreException(java.nio.file.NoSuchFileException.class).untilAsserted(() -> {
            assertThat(f.fileContent("versioned.service")).isEqualTo(v2.serialize());
            assertThat(f.active("versioned.service")).isTrue();
            assertThat(f.mainPid("versioned.service")).isPresent().isNotEqualTo(java.util.OptionalLong.of(pid1));
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.publishedState("versioned.service"))
                .hasValueSatisfying(s -> assertThat(s.hash()).isEqualTo(v2.hash())));
    }

    @Test
    void aGlobalUnitRunsWhenTheMetadataMatchesAndNotOtherwise() throws Exception {
        UnitFile matching = sleeper("web everywhere", "\n[X-Fleet]\nGlobal=true\nMachineMetadata=role=web\n");
        UnitFile other = sleeper("db everywhere", "\n[X-Fleet]\nGlobal=true\nMachineMetadata=role=db\n");
        f.startAgent();
        f.writer.units().create("global-web.service", matching, DesiredState.LAUNCHED);
        f.writer.units().create("global-db.service", other, DesiredState.LAUNCHED);

        await().atMost(WAIT).until(() -> f.active("global-web.service"));
        assertThat(Files.exists(f.fileOnHost("global-db.service"))).isFalse();

        // dynamic metadata (API PATCH) makes the other one match, and the first one not
        f.writer.machines().updateMetadata(List.of(MetadataChange.set(f.machine.machineId(), "role", "db")));
        await().atMost(WAIT).until(() -> f.active("global-db.service"));
        await().atMost(WAIT).until(() -> !Files.exists(f.fileOnHost("global-web.service")));
    }

    @Test
    void aNewAgentAdoptsRunningUnitsWithoutRestartingThem() throws Exception {
        UnitFile body = sleeper("long lived", "");
        f.startAgent();
        f.schedule("adopted.service", body, DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> f.active("adopted.service"));
        long pid = f.mainPid("adopted.service").orElseThrow();

        f.closeAgent();
        assertThat(f.active("adopted.service")).as("close() leaves units running").isTrue();
        Agent second = f.startAgent();
        await().atMost(WAIT).until(() -> second.lastPass().isPresent());
        // two more passes, on the timer, change nothing either
        for (int i = 0; i < 2; i++) {
            Instant previous = second.lastPass().orElseThrow();
            await().atMost(WAIT).until(() -> second.lastPass().orElseThrow().isAfter(previous));
        }
        assertThat(f.mainPid("adopted.service")).hasValue(pid);
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.publishedState("adopted.service"))
                .hasValueSatisfying(s -> assertThat(s.agentState()).isEqualTo("launched")));
    }
}
