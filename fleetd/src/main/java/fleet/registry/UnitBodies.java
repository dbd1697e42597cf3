package fleet.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import io.etcd.jetcd.options.GetOption;

/** Reads unit bodies ({@code bodies/<sha1>}) at a revision and joins them to unit records. */
final class UnitBodies {
    private static final Logger LOG = LoggerFactory.getLogger(UnitBodies.class);

    private UnitBodies() {}

    /** Every body, at {@code revision}. */
    static Map<UnitHash, UnitFile> all(Etcd etcd, long revision) {
        return parse(etcd.range(EtcdKeys.BODIES, revision));
    }

    /** The bodies in a read of {@code bodies/}. */
    static Map<UnitHash, UnitFile> parse(RangeRead read) {
        Map<UnitHash, UnitFile> out = new HashMap<>();
        for (StoredKey k : read.keys()) {
            out.put(new UnitHash(EtcdKeys.lastSegment(k.key())), RegistryJson.read(k, BodyRecord.class).file());
        }
        return out;
    }

    /** The bodies of {@code hashes} at {@code revision}, fetched concurrently. */
    static Map<UnitHash, UnitFile> of(Etcd etcd, Collection<UnitHash> hashes, long revision) {
        Map<UnitHash, CompletableFuture<Optional<UnitFile>>> pending = new HashMap<>();
        for (UnitHash h : new LinkedHashSet<>(hashes)) {
            pending.put(h, fetch(etcd, h, revision));
        }
        return await(etcd, pending);
    }

    /** Starts reading one body at {@code revision}; empty when it is absent. */
    static CompletableFuture<Optional<UnitFile>> fetch(Etcd etcd, UnitHash hash, long revision) {
        GetOption opt = GetOption.builder().withRevision(revision).build();
        return etcd.client().getKVClient().get(etcd.key(EtcdKeys.body(hash)), opt)
                .thenApply(r -> r.getKvs().stream().findFirst()
                        .map(kv -> RegistryJson.read(etcd.stored(kv), BodyRecord.class).file()));
    }

    /** The bodies fetched, without the absent ones. */
    static Map<UnitHash, UnitFile> await(Etcd etcd, Map<UnitHash, CompletableFuture<Optional<UnitFile>>> pending) {
        Map<UnitHash, UnitFile> out = new HashMap<>();
        pending.forEach((hash, body) -> etcd.await(body, "read body " + hash).ifPresent(f -> out.put(hash, f)));
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
