package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.observe.Timing;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

/** What the registry tells its observer, against a real etcd: each request waited for, and a watch's resync. */
class RegistryMetricsTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final List<String> resyncs = new CopyOnWriteArrayList<>();
    private final RegistryMetrics recorder = new RegistryMetrics() {
        @Override
        public Timing etcdRequest(String what) {
            return failed -> ended.add((failed ? "failed: " : "ok: ") + what);
        }

        @Override
        public void watchResynced(String prefix) {
            resyncs.add(prefix);
        }
    };
    private RegistryFixture f;
    private Etcd observed;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        observed = new Etcd(f.client, f.prefix, RegistryFixture.timeout(), recorder);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void eachRequestEndsOnceWithItsOutcome() {
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        observed.get("units/a.service", 0);
        long now = f.registry.revision();
        f.etcd.await(f.client.getKVClient().compact(now), "compact");
        assertThatThrownBy(() -> observed.get("units/a.service", now - 1)).isInstanceOf(RevisionCompactedException.class);

        assertThat(ended).containsExactly("ok: read units/a.service", "failed: read units/a.service");
    }

    @Test
    void aCompactedWatchReportsItsResync() {
        long start = f.registry.revision() + 1;
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        // compacted past the watch's start revision (etcd keeps the compaction revision itself)
        f.etcd.await(f.client.getKVClient().compact(f.registry.revision()), "compact");

        try (WatchHandle w = RegistryWatch.start(observed, "units/", start, new WatchRecorder())) {
            await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(() -> !resyncs.isEmpty());
        }
        assertThat(resyncs).containsExactly("units/");
    }
}
