package fleet.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * Unit bodies by hash, read from etcd once: a hash names one body forever, so an entry never goes
 * stale. Bounded, least recently used out. Thread-safe. The agent's every pass reads its schedule;
 * with this it fetches and decodes only the bodies it has not seen.
 */
final class BodyCache {
    private final Map<UnitHash, UnitFile> bodies;

    BodyCache(int capacity) {
        this.bodies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UnitHash, UnitFile> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The body of {@code hash}, known or read at {@code revision}; empty when etcd has none. */
    CompletableFuture<Optional<UnitFile>> fetch(Etcd etcd, UnitHash hash, long revision) {
        UnitFile known;
        synchronized (bodies) {
            known = bodies.get(hash);
        }
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known));
        }
        return UnitBodies.fetch(etcd, hash, revision).thenApply(found -> {
            found.ifPresent(body -> {
                synchronized (bodies) {
                    bodies.put(hash, body);
                }
            });
            return found;
        });
    }
}
