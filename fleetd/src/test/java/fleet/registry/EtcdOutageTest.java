package fleet.registry;

import static fleet.registry.SnapshotReaderTest.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

/** etcd stopped and started again (data kept): the registry, the watch and the presence recover. */
class EtcdOutageTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));

    @Test
    void afterARestartWritesWorkTheWatchResumesAndThePresenceStays() throws Exception {
        try (RegistryFixture f = new RegistryFixture(etcdServer);
             Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of()), Duration.ofSeconds(30),
                     new PresenceListener() {})) {
            WatchRecorder r = new WatchRecorder();
            try (WatchHandle w = f.registry.watch("units/", f.registry.revision() + 1, r)) {
                f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
                await().atMost(WAIT).until(() -> r.keys().contains("units/a.service"));

                etcdServer.process().stop();
                assertThat(attempt(() -> f.registry.units().list())).isInstanceOf(RegistryUnavailableException.class);
                etcdServer.process().start();

                await().atMost(WAIT).ignoreExceptions().until(() ->
                        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED) > 0);
                await().atMost(WAIT).until(() -> r.keys().contains("units/b.service"));
                assertThat(r.keys()).containsExactly("units/a.service", "units/b.service");
                assertThat(r.resyncs).isEmpty();
            }
            // etcd renews leases when it starts, so the machine is still registered on its lease
            assertThat(f.registry.machines().list()).containsOnlyKeys("m1");
            assertThat(f.etcd.get("machines/m1", 0).single().orElseThrow().lease()).isEqualTo(p.lease());
        }
    }

    private static Throwable attempt(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
