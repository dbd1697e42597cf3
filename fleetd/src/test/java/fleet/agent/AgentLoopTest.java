package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.registry.EtcdContact;
import fleet.registry.MachineInfo;
import fleet.systemd.UnitState;
import fleet.loop.SimulatedTime;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/**
 * The agent's loop in simulated time, over an in-memory registry and a recording systemd: what it
 * does on a schedule change, while etcd does not answer and the moment it answers again, and on the
 * timer pass. The same loop runs against real etcd and systemd in {@code AgentLabTest} and
 * {@code AgentEtcdOutageLabTest}.
 */
class AgentLoopTest {
    private static final Duration RECONCILE = Duration.ofSeconds(5);
    private static final Path UNITS = Path.of("/run/fleet/units");

    @TempDir
    Path root;
    private final SimulatedTime time = new SimulatedTime();
    private final RecordingSystemd systemd = new RecordingSystemd();
    private InMemoryAgentStore store;
    private Agent agent;

    @BeforeEach
    void startAgent() {
        store = new InMemoryAgentStore(new MachineInfo("m1", "10.0.0.1", Map.of(), "test", null, true),
                new EtcdContact(time.clock()));
        AgentSettings settings = new AgentSettings(UNITS, root, RECONCILE, Duration.ofSeconds(10), Duration.ofSeconds(5));
        agent = new Agent(settings, store, store, systemd, name -> time.thread());
        agent.start();
        time.runDue();
    }

    @AfterEach
    void closeAgent() {
        agent.close();
    }

    @Test
    void aScheduledUnitIsLoadedAndStartedAtOnceAndItsStatePublished() {
        store.schedule("a.service", unit("a"), DesiredState.LAUNCHED);
        time.runDue(); // the watch wakes the loop: no timer pass yet
        assertThat(systemd.callsSoFar()).contains("start a.service");

        systemd.signal("a.service", new UnitState("loaded", "active", "running"));
        time.runDue();
        assertThat(store.published().get("a.service").activeState()).isEqualTo("active");
    }

    @Test
    void nothingChangesWhileEtcdDoesNotAnswerAndAMovedUnitStopsAtTheFirstRetryAfter() {
        store.schedule("kept.service", unit("kept"), DesiredState.LAUNCHED);
        store.schedule("moved.service", unit("moved"), DesiredState.LAUNCHED);
        time.runDue();
        assertThat(systemd.callsSoFar()).contains("start kept.service", "start moved.service");
        systemd.signal("kept.service", new UnitState("loaded", "active", "running"));
        systemd.signal("moved.service", new UnitState("loaded", "active", "running"));
        time.runDue();

        store.unreachable(true);
        store.unschedule("moved.service"); // the engine moved it meanwhile; no watch reaches this agent
        time.advance(RECONCILE.multipliedBy(4));
        assertThat(systemd.callsSoFar()).as("units keep running as they are").doesNotContain("stop moved.service");

        store.unreachable(false);
        time.advance(Duration.ofMillis(500)); // the agent retries every <= 500 ms while etcd is away
        assertThat(systemd.callsSoFar()).contains("stop moved.service").doesNotContain("stop kept.service");
        assertThat(Files.exists(unitFile("moved.service"))).isFalse();
    }

    @Test
    void theTimerPassRepairsWhatNoWatchReported() throws Exception {
        store.schedule("a.service", unit("a"), DesiredState.LAUNCHED);
        time.runDue();
        Files.delete(unitFile("a.service")); // removed behind the agent's back
        int linksBefore = links("a.service");

        time.advance(RECONCILE.minusMillis(1));
        assertThat(links("a.service")).as("no pass before the timer").isEqualTo(linksBefore);
        time.advance(Duration.ofMillis(1));
        assertThat(links("a.service")).isEqualTo(linksBefore + 1);
        assertThat(Files.exists(unitFile("a.service"))).isTrue();
    }

    @Test
    void aStartRefusedInSystemdsReplyIsShownAndTriedAgainOnTheNextPassAfterItsBackoff() {
        systemd.refusedInReply.add("start a.service");
        store.schedule("a.service", unit("a"), DesiredState.LAUNCHED);
        time.runDue();
        assertThat(starts("a.service")).isEqualTo(1);
        assertThat(store.published().get("a.service").agentError()).contains("refused start a.service in its reply");

        time.advance(RECONCILE);
        assertThat(starts("a.service")).as("no job was queued: the unit was never launched").isEqualTo(2);
        systemd.signal("a.service", new UnitState("loaded", "active", "running"));
        time.advance(RECONCILE);
        assertThat(starts("a.service")).isEqualTo(2);
        assertThat(store.published().get("a.service").agentError()).isNull();
    }

    private long starts(String unit) {
        return systemd.callsSoFar().stream().filter(c -> c.equals("start " + unit)).count();
    }

    private int links(String unit) {
        List<String> calls = systemd.callsSoFar();
        return (int) calls.stream().filter(c -> c.startsWith("link ") && c.endsWith("/" + unit)).count();
    }

    private Path unitFile(String unit) {
        return root.resolve(UNITS.toString().substring(1)).resolve(unit);
    }

    private static UnitFile unit(String description) {
        return UnitFile.of(List.of(new UnitOption("Unit", "Description", description),
                new UnitOption("Service", "ExecStart", "/bin/sleep 1000")));
    }
}
