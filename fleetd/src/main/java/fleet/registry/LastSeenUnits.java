package fleet.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last record and mod revision seen of each unit (written here, or delivered by the API cache's
 * watch): a guess that lets {@link UnitStore} change a unit in one transaction, comparing on the
 * guessed mod revision instead of reading the unit first. Never trusted: a stale guess only fails
 * that compare. Bounded; the least recently used names go first.
 */
final class LastSeenUnits {
    static final int CAPACITY = 20_000;

    private final Map<String, StoredKey> byName = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StoredKey> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Optional<StoredKey> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Keeps {@code unit} unless a later version of the same unit is already known. */
    synchronized void saw(String name, StoredKey unit) {
        StoredKey known = byName.get(name);
        if (known == null || known.modRevision() < unit.modRevision()) {
            byName.put(name, unit);
        }
    }

    /** Forgets the unit, unless what is known of it was written after {@code revision}. */
    synchronized void deleted(String name, long revision) {
        StoredKey known = byName.get(name);
        if (known != null && known.modRevision() <= revision) {
            byName.remove(name);
        }
    }

    /** A watched change: units' puts and deletes are noted, other keys ignored. */
    void observe(KeyEvent e) {
        if (!e.key().startsWith(EtcdKeys.UNITS)) {
            return;
        }
        String name = EtcdKeys.lastSegment(e.key());
        if (e.type() == KeyEvent.Type.PUT) {
            saw(name, new StoredKey(e.key(), e.value(), 0, e.revision(), 0));
        } else {
            deleted(name, e.revision());
        }
    }
}
