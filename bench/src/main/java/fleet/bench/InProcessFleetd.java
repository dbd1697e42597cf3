package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.etcd.jetcd.Client;

import fleet.api.ApiServer;
import fleet.api.ApiSettings;
import fleet.api.LocalUnitInspector;
import fleet.config.ApiListener;
import fleet.registry.CatalogCache;
import fleet.registry.EtcdRegistry;
import fleet.registry.MachineInfo;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.UnitStateRecord;
import fleet.unit.DesiredState;

/**
 * fleetd's API as the daemon wires it (an {@link ApiServer} reading through the registry's
 * {@link CatalogCache}, writing through an {@link EtcdRegistry}, a unix
 * socket and a TCP listener on loopback), under a fresh key prefix, with one registered machine so
 * the API is ready; units {@code web@N.service} and their states are seeded through the registry.
 */
final class InProcessFleetd implements AutoCloseable {
    static final String MACHINE = "b".repeat(32);

    private final Client client;
    private final String prefix = "/bench-api-" + UUID.randomUUID() + "/";
    private final EtcdRegistry registry;
    private final CatalogCache catalog;
    private final Presence presence;
    private final ApiServer server;
    private final ApiStages stages = new ApiStages();
    private final Path dir;
    private int units;

    InProcessFleetd(Client client) throws IOException {
        this.client = client;
        this.registry = new EtcdRegistry(client, prefix, Duration.ofSeconds(10));
        this.presence = registry.register(new MachineInfo(MACHINE, "127.0.0.1", Map.of("role", "bench"), "bench", null,
                false), Duration.ofSeconds(60), new PresenceListener() {});
        this.dir = Files.createTempDirectory("fleet-bench-api-");
        this.catalog = registry.catalogCache();
        this.server = new ApiServer(new ApiSettings(socket(), List.of(new ApiListener("127.0.0.1", 0)),
                Optional.empty(), Optional.empty(), Optional.empty(), 100, "bench", MACHINE,
                ApiSettings.DEFAULT_BODY_LIMIT), catalog, new LocalUnitInspector(), stages);
        server.start();
        server.setReady(true);
    }

    Path socket() {
        return dir.resolve("fleet.sock");
    }

    int tcpPort() {
        return server.tcpPort(0);
    }

    /** Where the API's requests run on a worker spend their time. */
    ApiStages stages() {
        return stages;
    }

    int units() {
        return units;
    }

    /** Adds units (and a launched state of each on the machine) until there are {@code total}; not timed. */
    void seedUnits(int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = units; i < total; i++) {
                int n = i;
                done.add(pool.submit(() -> registry.units().create(name(n), EngineBench.body(n), DesiredState.LAUNCHED)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<UnitStateRecord> states = new ArrayList<>();
        for (int i = units; i < total; i++) {
            states.add(new UnitStateRecord(name(i), EngineBench.body(i).hash(), MACHINE, "loaded", "active", "running",
                    "launched"));
        }
        registry.publishStates(presence, states, List.of());
        units = total;
    }

    static String name(int n) {
        return "web@" + n + ".service";
    }

    @Override
    public void close() throws Exception {
        server.close();
        catalog.close();
        presence.close();
        client.getKVClient().delete(EngineBench.bytes(prefix),
                io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
