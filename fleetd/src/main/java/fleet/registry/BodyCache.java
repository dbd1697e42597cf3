package fleet.registry;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import fleet.unit.LruCache;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * Unit bodies by hash, read from etcd once: a hash names one body forever, so an entry never goes
 * stale. Bounded, least recently used out. Thread-safe. The agent's every pass reads its schedule;
 * with this it fetches and decodes only the bodies it has not seen.
 */
final class BodyCache {
    private final LruCache<UnitHash, UnitFile> bodies;

    BodyCache(int capacity) {
        this.bodies = new LruCache<>(capacity);
    }

    /** The body of {@code hash}, known or read at {@code revision}; empty when etcd has none. */
    CompletableFuture<Optional<UnitFile>> fetch(Etcd etcd, UnitHash hash, long revision) {
        Optional<UnitFile> known = bodies.get(hash);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        return UnitBodies.fetch(etcd, hash, revision).thenApply(found -> {
            found.ifPresent(body -> bodies.put(hash, body));
            return found;
        });
    }
}
