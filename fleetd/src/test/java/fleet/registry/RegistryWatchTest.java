package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

class RegistryWatchTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(15));
    private RegistryFixture f;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aWatchFromTheSnapshotRevisionSeesEverythingWrittenAfterIt() {
        f.registry.units().create("before.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        RegistrySnapshot s = f.registry.snapshot(0);
        // written after the snapshot but before the watch opens: still delivered
        f.registry.units().create("after.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        WatchRecorder r = new WatchRecorder();
        try (WatchHandle w = f.registry.watch("units/", s.revision() + 1, r)) {
            f.registry.units().setDesiredState("before.service", DesiredState.INACTIVE);
            f.registry.units().delete("after.service");
            await().atMost(WAIT).until(() -> r.events.size() == 3);
        }
        assertThat(r.keys()).containsExactly("units/after.service", "units/before.service", "units/after.service");
        assertThat(r.events).extracting(KeyEvent::type)
                .containsExactly(KeyEvent.Type.PUT, KeyEvent.Type.PUT, KeyEvent.Type.DELETE);
        assertThat(r.events.get(1).value()).contains("\"desiredState\":\"inactive\"");
        assertThat(r.resyncs).isEmpty();
    }

    @Test
    void aCompactedStartRevisionTriggersAResyncAndTheWatchGoesOnAfterIt() {
        long start = f.registry.revision() + 1;
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        long now = f.registry.revision();
        f.etcd.await(f.client.getKVClient().compact(now), "compact");

        WatchRecorder r = new WatchRecorder();
        try (WatchHandle w = f.registry.watch("units/", start, r)) {
            await().atMost(WAIT).until(() -> !r.resyncs.isEmpty());
            long resyncedAt = r.resyncs.get(0);
            assertThat(resyncedAt).isGreaterThanOrEqualTo(now);
            // the resync revision is readable: a consumer can take its snapshot exactly there
            assertThat(f.registry.snapshot(resyncedAt).units()).containsOnlyKeys("a.service", "b.service");

            f.registry.units().create("c.service", RegistryFixture.unit("c"), DesiredState.LAUNCHED);
            await().atMost(WAIT).until(() -> r.keys().contains("units/c.service"));
        }
        assertThat(r.keys()).doesNotContain("units/a.service", "units/b.service");
        assertThat(r.resyncs).hasSize(1);
    }

    @Test
    void aSnapshotAtACompactedRevisionFailsClearly() {
        long old = f.registry.revision();
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        f.etcd.await(f.client.getKVClient().compact(f.registry.revision()), "compact");
        assertThatThrownBy(() -> f.registry.snapshot(old)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("compacted");
    }

    @Test
    void aWatchStartingAtZeroIsRefused() {
        assertThatThrownBy(() -> f.registry.watch("units/", 0, new WatchRecorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revision after a snapshot");
    }
}
