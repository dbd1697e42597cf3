package fleet.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import fleet.config.ApiListener;
import fleet.registry.CatalogCache;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.Fence;
import fleet.registry.MachineInfo;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

/**
 * A real registry (fresh key prefix on the class's etcd) behind a real {@link ApiServer} reading
 * through the registry's {@link CatalogCache} as the daemon does, on a unix
 * socket in a temp dir, plus helpers to call it. Machines registered here are closed with it.
 */
final class ApiFixture implements AutoCloseable {
    static final String VERSION = "1.0.0-test";
    static final String LOCAL_MACHINE = "local0000000000000000000000000000";

    final Client client;
    final String prefix = "/api-test-" + UUID.randomUUID() + "/";
    final EtcdRegistry registry;
    /** What the server reads through, as in the daemon. */
    final CatalogCache catalog;
    final Path dir;
    final ApiServer server;
    private final List<Presence> presences = new ArrayList<>();

    ApiFixture(EtcdExtension etcd, int tokenLimit) throws IOException {
        this(etcd, tokenLimit, List.of(), new LocalUnitInspector(), TestEnv.scaled(Duration.ofSeconds(5)));
    }

    ApiFixture(EtcdExtension etcd, int tokenLimit, List<ApiListener> tcp, UnitInspector inspector, Duration timeout)
            throws IOException {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcd.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, timeout);
        dir = Files.createTempDirectory("fleet-api-");
        catalog = registry.catalogCache();
        server = new ApiServer(settings(dir.resolve("run/fleet.sock"), tcp, tokenLimit), catalog, inspector);
        server.start();
        server.setReady(true);
    }

    static ApiSettings settings(Path socket, List<ApiListener> tcp, int tokenLimit) {
        return new ApiSettings(socket, tcp, Optional.empty(), Optional.empty(), Optional.empty(), tokenLimit, VERSION,
                LOCAL_MACHINE, 64 * 1024);
    }

    Path socket() {
        return dir.resolve("run/fleet.sock");
    }

    HttpExchange.Response get(String target) throws IOException {
        return HttpExchange.unix(socket(), "GET", target, Map.of(), null);
    }

    HttpExchange.Response delete(String target) throws IOException {
        return HttpExchange.unix(socket(), "DELETE", target, Map.of(), null);
    }

    HttpExchange.Response putJson(String target, String body) throws IOException {
        return HttpExchange.unix(socket(), "PUT", target, Map.of("Content-Type", "application/json"), body);
    }

    HttpExchange.Response send(String method, String target, Map<String, String> headers, String body)
            throws IOException {
        return HttpExchange.unix(socket(), method, target, headers, body);
    }

    /** Registers a machine on its own lease (as its agent would). */
    Presence machine(String id, String ip, Map<String, String> metadata) {
        return machine(new MachineInfo(id, ip, metadata, "1.0.0", null, false));
    }

    /** Registers a machine on its own lease (as its agent would). */
    Presence machine(MachineInfo info) {
        Presence p = registry.register(info, TestEnv.scaled(Duration.ofSeconds(10)), new PresenceListener() {});
        presences.add(p);
        return p;
    }

    /** The keys under {@code relative} (e.g. {@code "machine-metadata/"}) in this fixture's prefix. */
    List<String> keysUnder(String relative) throws Exception {
        ByteSequence k = ByteSequence.from(prefix + relative, StandardCharsets.UTF_8);
        return client.getKVClient().get(k, io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build()).get()
                .getKvs().stream().map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    /** A leader key outside the prefix, as the election writes it, and its fence. */
    Fence fence() throws Exception {
        ByteSequence key = ByteSequence.from("/api-test-election-" + UUID.randomUUID(), StandardCharsets.UTF_8);
        long rev = client.getKVClient().put(key, ByteSequence.from("engine", StandardCharsets.UTF_8)).get()
                .getHeader().getRevision();
        return new Fence(key.toString(StandardCharsets.UTF_8), rev);
    }

    @Override
    public void close() {
        presences.forEach(Presence::close);
        server.close();
        catalog.close();
        client.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
