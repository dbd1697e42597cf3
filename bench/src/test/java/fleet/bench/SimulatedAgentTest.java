package fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.Fence;
import fleet.registry.PlacementOp;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import io.etcd.jetcd.Client;

/** Simulated machines and the observer that counts their running units, against a real etcd. */
class SimulatedAgentTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private final String prefix = "/test-" + UUID.randomUUID() + "/";
    private final Duration patience = TestEnv.scaled(Duration.ofSeconds(10));
    private SimulatedCluster cluster;
    private Client client;
    private ClusterObserver observer;
    private EtcdRegistry registry;

    @BeforeEach
    void start() throws Exception {
        cluster = SimulatedCluster.start(etcdServer.endpoint(), prefix, 2, Duration.ofSeconds(10));
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcdServer.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, TestEnv.scaled(Duration.ofSeconds(5)));
        observer = new ClusterObserver(registry);
    }

    @AfterEach
    void stop() throws Exception {
        observer.close();
        cluster.close();
        client.close();
    }

    @Test
    void aUnitRunsWhereItIsPlacedAndStopsRunningWithItsMachine() throws Exception {
        assertThat(registry.machineList(0)).containsOnlyKeys("sim00000", "sim00001");
        UnitFile body = UnitFile.of(ThousandMachinesBench.unitBody(7));
        registry.units().create("web.service", body, DesiredState.LAUNCHED);
        Fence fence = EngineBench.leaderKey(client, prefix);

        registry.apply(fence, List.of(new PlacementOp.Place("web.service", "sim00001", body.hash(), DesiredState.LAUNCHED)));

        await().atMost(patience).until(() -> observer.running() == 1);
        assertThat(observer.placementOf("web.service")).isEqualTo("sim00001");
        assertThat(registry.states().list()).extracting(UnitStateRecord::machineID, UnitStateRecord::activeState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sim00001", "active"));

        SimulatedCluster.lose(cluster.agents().subList(1, 2));

        await().atMost(patience).until(() -> observer.running() == 0);
        assertThat(registry.states().list()).as("the state went with the machine's lease").isEmpty();
        assertThat(registry.machineList(0)).containsOnlyKeys("sim00000");
    }

    @Test
    void aUnitPlacedLoadedIsPublishedButNotCountedAsRunning() throws Exception {
        UnitFile body = UnitFile.of(ThousandMachinesBench.unitBody(8));
        registry.units().create("db.service", body, DesiredState.LOADED);
        Fence fence = EngineBench.leaderKey(client, prefix);

        registry.apply(fence, List.of(new PlacementOp.Place("db.service", "sim00000", body.hash(), DesiredState.LOADED)));

        await().atMost(patience).until(() -> !registry.states().list().isEmpty());
        assertThat(registry.states().list()).extracting(UnitStateRecord::activeState).containsExactly("inactive");
        assertThat(observer.running()).isZero();
    }
}
