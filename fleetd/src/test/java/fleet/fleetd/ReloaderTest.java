package fleet.fleetd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ConfigLoader;
import fleet.config.FleetConfig;
import fleet.testing.TestEnv;

/** SIGHUP's logic, with a real config file and stand-in daemons (the lab's ReloadIT runs a real one). */
class ReloaderTest {
    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(5));

    @TempDir
    Path dir;
    Path file;
    ConfigLoader loader;
    final List<FakeDaemon> daemons = new CopyOnWriteArrayList<>();
    Reloader reloader;
    Thread main;

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("fleet.conf");
        write("metadata=role=a\npublic_ip=10.0.0.1\n");
        loader = new ConfigLoader(file, Map.of(), dir.resolve("no-route"));
        reloader = new Reloader(load(), this::load, cfg -> {
            FakeDaemon d = new FakeDaemon(cfg);
            daemons.add(d);
            return d;
        });
        main = new Thread(reloader::runUntilTerminated);
        main.start();
        await().atMost(WAIT).until(() -> daemons.size() == 1 && daemons.get(0).running());
    }

    @AfterEach
    void stop() throws InterruptedException {
        reloader.terminate();
        main.join(WAIT.toMillis());
        assertThat(main.isAlive()).as("runUntilTerminated returns after terminate").isFalse();
    }

    @Test
    void aChangedConfigurationReplacesTheDaemon() throws IOException {
        write("metadata=role=b\npublic_ip=10.0.0.1\n");
        reloader.reload();
        await().atMost(WAIT).until(() -> daemons.size() == 2 && daemons.get(1).running());
        assertThat(daemons.get(0).stopped()).isTrue();
        assertThat(daemons.get(1).cfg.metadata()).containsEntry("role", "b");
    }

    @Test
    void aBadConfigurationIsRefusedAndTheDaemonKeepsRunning() throws IOException {
        write("metadata=role=b\nagent_ttl=banana\n");
        reloader.reload();
        assertThat(daemons).hasSize(1);
        assertThat(daemons.get(0).stopped()).isFalse();
        assertThat(reloader.configuration().metadata()).containsEntry("role", "a");
    }

    @Test
    void anUnchangedConfigurationRestartsNothing() {
        reloader.reload();
        assertThat(daemons).hasSize(1);
        assertThat(daemons.get(0).stopped()).isFalse();
    }

    @Test
    void terminateEndsTheLoopWithoutANewDaemon() throws Exception {
        reloader.terminate();
        main.join(WAIT.toMillis());
        assertThat(main.isAlive()).isFalse();
        assertThat(daemons).hasSize(1);
        assertThat(daemons.get(0).stopped()).isTrue();
        write("metadata=role=c\npublic_ip=10.0.0.1\n");
        reloader.reload();
        assertThat(daemons).as("no reload after terminate").hasSize(1);
    }

    private FleetConfig load() {
        return loader.load(Optional.of(file));
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text);
    }

    /** Blocks in run() until stop(), like Daemon. */
    static final class FakeDaemon implements Reloader.Service {
        final FleetConfig cfg;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch stop = new CountDownLatch(1);

        FakeDaemon(FleetConfig cfg) {
            this.cfg = cfg;
        }

        @Override
        public void run() {
            started.countDown();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stop() {
            stop.countDown();
        }

        @Override
        public String stateDump() {
            return "{\"metadata\":\"" + cfg.metadata() + "\"}";
        }

        boolean running() {
            return started.getCount() == 0 && stop.getCount() == 1;
        }

        boolean stopped() {
            return stop.getCount() == 0;
        }
    }
}
