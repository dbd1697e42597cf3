package fleet.fleetd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ConfigLoader;
import fleet.config.FleetConfig;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.MachineInfo;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.ScheduledUnit;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import io.etcd.jetcd.Client;

/** {@code disable_agent}: a fleetd that leads the engine without systemd, on a machine that takes no units. */
class DaemonWithoutAgentTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    @TempDir
    Path dir;

    private final String prefix = "/test-" + UUID.randomUUID() + "/";
    private final String engineMachine = UUID.randomUUID().toString().replace("-", "");
    private Client client;
    private EtcdRegistry registry;
    private Daemon daemon;
    private Thread running;

    @BeforeEach
    void startDaemon() throws Exception {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcdServer.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, TestEnv.scaled(Duration.ofSeconds(5)));
        Files.writeString(dir.resolve("machine-id"), engineMachine + "\n");
        FleetConfig cfg = new ConfigLoader(dir.resolve("absent.conf"), Map.of(
                "FLEET_ETCD_SERVERS", etcdServer.endpoint(),
                "FLEET_ETCD_KEY_PREFIX", prefix,
                "FLEET_PUBLIC_IP", "127.0.0.1",
                "FLEET_MACHINE_ID_FILE", dir.resolve("machine-id").toString(),
                "FLEET_UNITS_DIRECTORY", dir.resolve("units").toString(),
                "FLEET_API_SOCKET", dir.resolve("fleet.sock").toString(),
                "FLEET_ENGINE_RECONCILE_INTERVAL", "0.2",
                "FLEET_DISABLE_AGENT", "true"), dir.resolve("no-route")).load(Optional.empty());
        daemon = new Daemon(cfg);
        running = new Thread(daemon::run, "daemon-under-test");
        running.start();
    }

    @AfterEach
    void stop() throws Exception {
        daemon.stop();
        running.join(TestEnv.scaled(Duration.ofSeconds(10)).toMillis());
        client.close();
    }

    @Test
    void registersAsTakingNoUnitsAndPlacesThemOnTheMachinesThatRunAgents() {
        await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(
                () -> registry.machineList(0).containsKey(engineMachine));
        assertThat(registry.machineList(0).get(engineMachine).stopping()).as("takes no units").isTrue();

        String worker = UUID.randomUUID().toString().replace("-", "");
        try (Presence p = registry.register(new MachineInfo(worker, "127.0.0.2", Map.of(), "test",
                new MachineInfo.Capacity(0, 0), true), Duration.ofSeconds(10), new PresenceListener() { })) {
            UnitFile body = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1000")));
            registry.units().create("a.service", body, DesiredState.LAUNCHED);
            registry.units().create("b.service", body, DesiredState.LAUNCHED);

            await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(() -> placements().size() == 2);
            assertThat(placements()).containsEntry("a.service", worker).containsEntry("b.service", worker);
        }
    }

    private Map<String, String> placements() {
        return registry.snapshot(0).schedule().stream()
                .collect(Collectors.toMap(ScheduledUnit::name, ScheduledUnit::machineId));
    }
}
