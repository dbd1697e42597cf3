package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.loop.DaemonLoopThread;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.KeyEvent;
import fleet.registry.MachineInfo;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.WatchHandle;
import fleet.registry.UnitStateRecord;
import fleet.registry.WatchListener;
import fleet.systemd.UnitState;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitOption;
import io.etcd.jetcd.Client;

/** The publisher against a real etcd; systemd's signals come from a stand-in. */
class UnitStatePublisherTest {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(15));
    static final UnitHash HASH = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"))).hash();
    static final UnitState RUNNING = new UnitState("loaded", "active", "running");
    static final UnitState DEAD = new UnitState("loaded", "inactive", "dead");

    Client client;
    EtcdRegistry registry;
    Presence presence;
    RecordingSystemd systemd;
    UnitStatePublisher publisher;
    WatchHandle watch;
    final List<KeyEvent> writes = new CopyOnWriteArrayList<>();
    final AtomicReference<UnitStatePublisher> forward = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        client = EtcdClients.build(EtcdConnection.plain(List.of(ETCD.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, "/test-" + UUID.randomUUID() + "/", TestEnv.scaled(Duration.ofSeconds(5)));
        presence = registry.register(new MachineInfo("m1", "10.0.0.1", Map.of(), "test", null, true),
                Duration.ofSeconds(3), new PresenceListener() {
                    @Override
                    public void onReregistered(long newLease) {
                        forward.get().republishAll();
                    }
                });
        systemd = new RecordingSystemd();
        publisher = new UnitStatePublisher(registry, presence, systemd, Duration.ofMinutes(10),
                Duration.ofSeconds(1), new DaemonLoopThread("fleet-agent-states"));
        forward.set(publisher);
        watch = registry.watch("states/", registry.revision() + 1, new WatchListener() {
            @Override
            public void onEvents(List<KeyEvent> events) {
                writes.addAll(events);
            }

            @Override
            public void resync(long revision) {
                writes.add(new KeyEvent(KeyEvent.Type.PUT, "resync", "", revision));
            }
        });
        publisher.start();
    }

    @AfterEach
    void tearDown() {
        watch.close();
        publisher.close();
        presence.close();
        client.close();
    }

    UnitStateRecord record(UnitState s, String agentState) {
        return new UnitStateRecord("a.service", HASH, "m1", s.load(), s.active(), s.sub(), agentState);
    }

    @Test
    void publishesEachDistinctStateOnce() {
        systemd.setState("a.service", RUNNING);
        publisher.track(Map.of("a.service", new PublishedUnit(HASH, DesiredState.LAUNCHED)));
        await().atMost(WAIT).until(() -> writes.size() == 1);
        for (int i = 0; i < 5; i++) {
            systemd.signal("a.service", RUNNING);
        }
        publisher.track(Map.of("a.service", new PublishedUnit(HASH, DesiredState.LAUNCHED)));
        systemd.signal("a.service", DEAD);
        systemd.signal("other.service", RUNNING); // not the agent's unit: never published
        await().atMost(WAIT).until(() -> writes.size() >= 2);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> writes.size() == 2);
        assertThat(registry.states().list()).containsExactly(record(DEAD, "launched"));
    }

    @Test
    void theAgentsViewChangesTheRecordAndUntrackingRemovesIt() {
        systemd.setState("a.service", RUNNING);
        publisher.track(Map.of("a.service", new PublishedUnit(HASH, DesiredState.LAUNCHED)));
        await().atMost(WAIT).until(() -> registry.states().list().equals(List.of(record(RUNNING, "launched"))));
        publisher.track(Map.of("a.service", new PublishedUnit(HASH, DesiredState.LOADED)));
        await().atMost(WAIT).until(() -> registry.states().list().equals(List.of(record(RUNNING, "loaded"))));
        publisher.track(Map.of());
        await().atMost(WAIT).until(() -> registry.states().list().isEmpty());
    }

    @Test
    void republishesEverythingOnANewLease() throws Exception {
        systemd.setState("a.service", RUNNING);
        publisher.track(Map.of("a.service", new PublishedUnit(HASH, DesiredState.LAUNCHED)));
        await().atMost(WAIT).until(() -> !registry.states().list().isEmpty());
        long old = presence.lease();
        client.getLeaseClient().revoke(old).get();
        assertThat(registry.states().list()).isEmpty();
        await().atMost(WAIT).until(() -> presence.lease() != old && !registry.states().list().isEmpty());
        assertThat(registry.states().list()).containsExactly(record(RUNNING, "launched"));
    }
}
