package fleet.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

/** Reads unit bodies ({@code bodies/<sha1>}) at a revision and joins them to unit records. */
final class UnitBodies {
    private static final Logger LOG = LoggerFactory.getLogger(UnitBodies.class);

    private UnitBodies() {}

    /** Every body, at {@code revision}. */
    static Map<UnitHash, UnitFile> all(Etcd etcd, long revision) {
        Map<UnitHash, UnitFile> out = new HashMap<>();
        for (StoredKey k : etcd.range(EtcdKeys.BODIES, revision).keys()) {
            out.put(new UnitHash(EtcdKeys.lastSegment(k.key())), RegistryJson.read(k, BodyRecord.class).file());
        }
        return out;
    }

    /** The bodies of {@code hashes} at {@code revision}, fetched concurrently. */
    static Map<UnitHash, UnitFile> of(Etcd etcd, Collection<UnitHash> hashes, long revision) {
        GetOption opt = GetOption.builder().withRevision(revision).build();
        Map<UnitHash, CompletableFuture<GetResponse>> pending = new HashMap<>();
        for (UnitHash h : new LinkedHashSet<>(hashes)) {
            pending.put(h, etcd.client().getKVClient().get(etcd.key(EtcdKeys.body(h)), opt));
        }
        Map<UnitHash, UnitFile> out = new HashMap<>();
        for (Map.Entry<UnitHash, CompletableFuture<GetResponse>> e : pending.entrySet()) {
            List<StoredKey> kvs = etcd.await(e.getValue(), "read body " + e.getKey()).getKvs().stream()
                    .map(etcd::stored).toList();
            if (!kvs.isEmpty()) {
                out.put(e.getKey(), RegistryJson.read(kvs.get(0), BodyRecord.class).file());
            }
        }
        return out;
    }

    /** The record with its body; a missing body (never written by this registry) is logged and skipped. */
    static Optional<StoredUnit> join(UnitRecord record, Map<UnitHash, UnitFile> bodies) {
        UnitFile file = bodies.get(record.hash());
        if (file == null) {
            LOG.warn("unit {} references body {} which is missing; ignoring the unit", record.name(), record.hash());
            return Optional.empty();
        }
        return Optional.of(new StoredUnit(record, file));
    }
}
