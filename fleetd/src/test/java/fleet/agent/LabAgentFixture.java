package fleet.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.Fence;
import fleet.registry.MachineInfo;
import fleet.registry.PlacementOp;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.UnitStateRecord;
import fleet.systemd.DbusSystemdManager;
import fleet.systemd.UnitState;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

/**
 * A real etcd (fresh key prefix), a real lab machine's systemd, and agents for that machine running
 * in the test JVM, writing unit files under the machine's {@code /proc/<pid>/root}. Units are
 * written the way the API does (units/, bodies/) and placed the way the engine does (fenced).
 */
final class LabAgentFixture implements AutoCloseable {
    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(20));
    static final Duration RECONCILE = Duration.ofSeconds(2);

    final LabMachine machine;
    final Client client;
    final EtcdRegistry registry;
    /** The test's own view of etcd (the API's and the engine's), possibly through other members. */
    final Client writerClient;
    final EtcdRegistry writer;
    final Presence presence;
    final DbusSystemdManager systemd;
    final String unitsDirectory = "/run/fleet/units-" + UUID.randomUUID().toString().substring(0, 8);
    final AgentSettings settings;
    private final Fence fence;
    private volatile Agent agent;

    LabAgentFixture(LabMachine machine, String etcdEndpoint, Map<String, String> metadata) throws Exception {
        this(machine, List.of(etcdEndpoint), List.of(etcdEndpoint), metadata);
    }

    /** The agent talks to {@code agentEndpoints}, the test to {@code writerEndpoints}. */
    LabAgentFixture(LabMachine machine, List<String> agentEndpoints, List<String> writerEndpoints,
            Map<String, String> metadata) throws Exception {
        this.machine = machine;
        String prefix = "/test-" + UUID.randomUUID() + "/";
        Duration timeout = TestEnv.scaled(Duration.ofSeconds(5));
        client = EtcdClients.build(EtcdConnection.plain(agentEndpoints), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, timeout);
        writerClient = EtcdClients.build(EtcdConnection.plain(writerEndpoints), Duration.ofSeconds(5));
        writer = new EtcdRegistry(writerClient, prefix, timeout);
        presence = registry.register(new MachineInfo(machine.machineId(), machine.ip(), metadata, "test", null, true),
                Duration.ofSeconds(10), new PresenceListener() {
                    @Override
                    public void onReregistered(long newLease) {
                        Agent a = agent;
                        if (a != null) {
                            a.onReregistered(newLease);
                        }
                    }
                });
        systemd = DbusSystemdManager.connect(machine.busAddress());
        settings = new AgentSettings(Path.of(unitsDirectory), machine.root(), RECONCILE, Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        String key = "/test-election-" + UUID.randomUUID();
        long rev = writerClient.getKVClient().put(ByteSequence.from(key, UTF_8), ByteSequence.from("engine", UTF_8))
                .get().getHeader().getRevision();
        fence = new Fence(key, rev);
    }

    Agent startAgent() {
        agent = new Agent(settings, registry, presence, systemd, Clock.systemUTC());
        agent.start();
        return agent;
    }

    void closeAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    static UnitFile sleeper(String description, String extra) throws Exception {
        return UnitFile.parse("[Unit]\nDescription=" + description + "\n\n[Service]\nExecStart=/bin/sleep 3600\n"
                + extra);
    }

    /** Submits the unit (API) and places it on the lab machine (engine). */
    void schedule(String name, UnitFile body, DesiredState state) {
        if (writer.units().get(name).isEmpty()) {
            writer.units().create(name, body, state);
        } else {
            writer.units().replace(name, body, state);
        }
        writer.apply(fence,
                List.of(new PlacementOp.Place(name, machine.machineId(), body.hash(), state)));
    }

    void unschedule(String name) {
        writer.apply(fence, List.of(new PlacementOp.Unschedule(name, machine.machineId())));
    }

    UnitState systemdState(String name) {
        return systemd.states(List.of(name)).get(name);
    }

    /** How many of {@code names} systemd has active (one call for all). */
    long activeCount(List<String> names) {
        return systemd.states(names).values().stream().filter(s -> "active".equals(s.active())).count();
    }

    boolean active(String name) {
        UnitState s = systemdState(name);
        return s != null && "active".equals(s.active());
    }

    OptionalLong mainPid(String name) {
        return systemd.mainPid(name);
    }

    Path fileOnHost(String name) {
        return machine.file(unitsDirectory + "/" + name);
    }

    String fileContent(String name) throws Exception {
        return Files.readString(fileOnHost(name), UTF_8);
    }

    Optional<UnitStateRecord> publishedState(String name) {
        return writer.states().list(name, machine.machineId(), 0).stream().findFirst();
    }

    @Override
    public void close() {
        closeAgent();
        // the agent leaves units running by design: clean up this test's units by hand
        UnitFiles files = new UnitFiles(machine.root(), Path.of(unitsDirectory));
        for (String name : files.list().keySet()) {
            try {
                systemd.stop(name).get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                systemd.disableRuntime(List.of(name));
            } catch (Exception e) {
                System.err.println("cleanup of " + name + ": " + e.getMessage());
            }
            files.delete(name);
        }
        systemd.close();
        presence.close();
        client.close();
        writerClient.close();
    }
}
