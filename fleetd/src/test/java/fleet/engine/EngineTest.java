package fleet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.etcd.jetcd.Client;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EngineLeadership;
import fleet.registry.EngineVersionGuard;
import fleet.registry.EtcdRegistry;
import fleet.registry.MachineInfo;
import fleet.registry.MoveRecord;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.ScheduledUnit;
import fleet.registry.UnitReasons;
import fleet.schedule.Scheduler;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The engine loop against a real etcd: simulated machines (real leases), real leadership, real watches. */
class EngineTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private static final Duration AGENT_TTL = TestEnv.scaled(Duration.ofSeconds(2));
    private static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(15));

    private final String prefix = "/engine-test-" + UUID.randomUUID() + "/";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Client client;
    private EtcdRegistry registry;

    @BeforeEach
    void setUp() {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcdServer.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, TestEnv.scaled(Duration.ofSeconds(5)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        client.close();
    }

    private Presence machine(String id, Map<String, String> metadata) {
        Presence p = registry.register(new MachineInfo(id, "127.0.10." + (closing.size() + 1), metadata, "test",
                new MachineInfo.Capacity(2, 1L << 30), false), AGENT_TTL, new PresenceListener() {});
        closing.add(p::abandon);
        return p;
    }

    private Engine startEngine(String machineId) {
        Engine engine = new Engine(registry, new EnginePlanner(Scheduler.spread()), Duration.ofSeconds(1),
                Clock.systemUTC());
        EngineLeadership leadership = new EngineLeadership(client, prefix, machineId, Duration.ofSeconds(3),
                Duration.ofSeconds(5), EngineVersionGuard.CURRENT_VERSION, false, engine);
        closing.add(engine);
        closing.add(leadership);
        leadership.start();
        await().atMost(WAIT).until(engine::leading);
        return engine;
    }

    private static UnitFile unit(String... xfleet) {
        List<UnitOption> options = new ArrayList<>();
        options.add(new UnitOption("Service", "ExecStart", "/bin/sleep 1000"));
        for (String line : xfleet) {
            String[] kv = line.split("=", 2);
            options.add(new UnitOption("X-Fleet", kv[0], kv[1]));
        }
        return UnitFile.of(options);
    }

    private Map<String, String> placements() {
        return registry.snapshot(0).schedule().stream()
                .collect(Collectors.toMap(ScheduledUnit::name, ScheduledUnit::machineId));
    }

    private Optional<ScheduledUnit> entry(String unit) {
        return registry.snapshot(0).schedule().stream().filter(s -> s.name().equals(unit)).findFirst();
    }

    @Test
    void placesConflictingInstancesOnePerMachineAndHonoursMetadata() {
        machine("m1", Map.of("role", "web"));
        machine("m2", Map.of("role", "web"));
        machine("m3", Map.of("role", "db"));
        startEngine("m1");
        for (int i = 1; i <= 2; i++) {
            registry.units().create("web@" + i + ".service",
                    unit("Conflicts=web@*.service", "MachineMetadata=role=web"), DesiredState.LAUNCHED);
        }
        registry.units().create("db.service", unit("MachineMetadata=role=db"), DesiredState.LAUNCHED);
        registry.units().create("db-announce.service", unit("MachineOf=db.service"), DesiredState.LAUNCHED);

        await().atMost(WAIT).until(() -> placements().size() == 4);
        Map<String, String> placed = placements();
        assertThat(List.of(placed.get("web@1.service"), placed.get("web@2.service")))
                .containsExactlyInAnyOrder("m1", "m2");
        assertThat(placed).containsEntry("db.service", "m3").containsEntry("db-announce.service", "m3");
        assertThat(entry("db.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LAUNCHED);
    }

    @Test
    void aUnitThatFitsNowhereGetsTheReasonForEveryMachine() {
        machine("m1", Map.of("role", "web"));
        machine("m2", Map.of("role", "web"));
        startEngine("m1");
        registry.units().create("db.service", unit("MachineMetadata=role=db"), DesiredState.LAUNCHED);

        await().atMost(WAIT).until(() -> registry.snapshot(0).reasons().containsKey("db.service"));
        UnitReasons why = registry.snapshot(0).reasons().get("db.service");
        assertThat(why.machines()).containsOnlyKeys("m1", "m2");
        assertThat(why.machines().get("m1")).contains("role=db").contains("role=web");
        assertThat(placements()).doesNotContainKey("db.service");

        machine("m3", Map.of("role", "db"));
        await().atMost(WAIT).until(() -> "m3".equals(placements().get("db.service")));
        await().atMost(WAIT).until(() -> !registry.snapshot(0).reasons().containsKey("db.service"));
    }

    @Test
    void unitsOfAMachineWhoseLeaseExpiredArePlacedElsewhere() {
        Presence m1 = machine("m1", Map.of());
        machine("m2", Map.of());
        startEngine("m2");
        registry.units().create("a.service", unit(), DesiredState.LAUNCHED);
        registry.units().create("b.service", unit(), DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> placements().size() == 2);
        String onM1 = placements().entrySet().stream().filter(e -> e.getValue().equals("m1"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        m1.abandon();
        await().atMost(WAIT.plus(AGENT_TTL)).until(() -> "m2".equals(placements().get(onM1)));
        assertThat(placements()).containsOnly(Map.entry("a.service", "m2"), Map.entry("b.service", "m2"));
    }

    @Test
    void desiredStateChangesAndDestroysReachTheSchedule() {
        machine("m1", Map.of());
        startEngine("m1");
        registry.units().create("a.service", unit(), DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> entry("a.service").isPresent());

        registry.units().setDesiredState("a.service", DesiredState.LOADED);
        await().atMost(WAIT).until(() -> entry("a.service").map(ScheduledUnit::desiredState)
                .orElse(null) == DesiredState.LOADED);

        registry.units().setDesiredState("a.service", DesiredState.INACTIVE);
        await().atMost(WAIT).until(() -> entry("a.service").isEmpty());

        registry.units().setDesiredState("a.service", DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> entry("a.service").isPresent());
        registry.units().delete("a.service");
        await().atMost(WAIT).until(() -> entry("a.service").isEmpty());
    }

    @Test
    void theEngineRecoversWhenEtcdRestartsMidRun() throws Exception {
        machine("m1", Map.of());
        Engine engine = startEngine("m1");
        registry.units().create("a.service", unit(), DesiredState.LAUNCHED);
        await().atMost(WAIT).until(() -> entry("a.service").isPresent());

        etcdServer.process().stop();
        Thread.sleep(500);
        etcdServer.process().start();

        // the leases survived the short outage (etcd restores them with a fresh TTL); work goes on
        registry.units().create("b.service", unit(), DesiredState.LAUNCHED);
        await().atMost(WAIT.multipliedBy(2)).until(() -> entry("b.service").isPresent());
        assertThat(entry("a.service")).isPresent();
        assertThat(engine.leading()).isTrue();
    }

    @Test
    void aRequestedMoveIsMadeByTheLeaderOnceWithItsOutcomeRecorded() {
        machine("m1", Map.of());
        startEngine("m1");
        for (String name : List.of("a.service", "b.service", "c.service", "d.service")) {
            registry.units().create(name, unit(), DesiredState.LAUNCHED);
        }
        await().atMost(WAIT).until(() -> placements().size() == 4);
        machine("m2", Map.of());

        registry.moves().request(MoveRecord.request("a.service", "m1", "m2", "m1 runs 4 units, m2 runs 0", 1));
        await().atMost(WAIT).until(() -> registry.moves().get("a.service").map(m -> !m.pending()).orElse(false));
        assertThat(registry.moves().get("a.service").orElseThrow().outcome()).isEqualTo(MoveRecord.MOVED);
        assertThat(placements()).containsOnly(Map.entry("a.service", "m2"), Map.entry("b.service", "m1"),
                Map.entry("c.service", "m1"), Map.entry("d.service", "m1"));

        // m1 runs 3, m2 runs 1: moving b there evens out the load no more than it is (2 apart is the least)
        registry.moves().request(MoveRecord.request("b.service", "m2", "m1", "stale", 2));
        await().atMost(WAIT).until(() -> registry.moves().get("b.service").map(m -> !m.pending()).orElse(false));
        MoveRecord refused = registry.moves().get("b.service").orElseThrow();
        assertThat(refused.outcome()).isEqualTo(MoveRecord.REFUSED);
        assertThat(refused.detail()).isEqualTo("b.service is no longer on m2");
        assertThat(placements()).containsEntry("b.service", "m1").containsEntry("a.service", "m2");

        registry.units().delete("a.service");
        assertThat(registry.moves().get("a.service")).as("destroyed with its unit").isEmpty();
    }
}
