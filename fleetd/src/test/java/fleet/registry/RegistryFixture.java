package fleet.registry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import io.etcd.jetcd.Client;

/** A jetcd client on the class's etcd and a registry under a fresh key prefix per test. */
final class RegistryFixture implements AutoCloseable {
    final Client client;
    final String prefix = "/test-" + UUID.randomUUID() + "/";
    final EtcdRegistry registry;
    final Etcd etcd;

    RegistryFixture(EtcdExtension etcdServer) {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcdServer.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, prefix, timeout());
        etcd = new Etcd(client, prefix, timeout());
    }

    static Duration timeout() {
        return TestEnv.scaled(Duration.ofSeconds(5));
    }

    static UnitFile unit(String description) {
        return UnitFile.of(List.of(new UnitOption("Unit", "Description", description),
                new UnitOption("Service", "ExecStart", "/bin/sleep 1000")));
    }

    /** A leader key outside the registry prefix, as the election would write it; returns its fence. */
    Fence leader(String name) {
        String key = "/test-election-" + UUID.randomUUID() + "/" + name;
        long rev = etcd.await(client.getKVClient().put(Etcd.bytes(key), Etcd.bytes(name)), "put leader")
                .getHeader().getRevision();
        return new Fence(key, rev);
    }

    List<String> keys(String relativePrefix) {
        return etcd.range(relativePrefix, 0).keys().stream().map(StoredKey::key).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
