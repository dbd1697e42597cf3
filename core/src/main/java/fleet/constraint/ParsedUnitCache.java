package fleet.constraint;

import java.util.Optional;

import fleet.unit.LruCache;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitName;

/**
 * The {@link ParsedUnit}s of recently seen units, so that a loop which meets the same body pass
 * after pass (the engine, an agent) parses it once. Keyed by name and body hash: a hash names one
 * body forever, and the name is part of the key because specifiers ({@code %i}, {@code %n}) make
 * one template body mean different requirements for each instance. Least recently used entries go
 * beyond {@code capacity}; size it above the number of units a pass reads, or every pass re-parses.
 * Thread-safe.
 */
public final class ParsedUnitCache {
    private record Key(String name, UnitHash hash) {}

    private final LruCache<Key, ParsedUnit> entries;
    private long parses;

    public ParsedUnitCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a parsed-unit cache holds at least 1 unit, not " + capacity);
        }
        this.entries = new LruCache<>(capacity);
    }

    /**
     * The unit {@code name} whose body is {@code file}, parsed only when this name and hash were not
     * seen recently. {@code hash} must be {@code file}'s (as the registry stores them together).
     */
    public ParsedUnit get(String name, UnitHash hash, UnitFile file) {
        Key key = new Key(name, hash);
        Optional<ParsedUnit> known = entries.get(key);
        if (known.isPresent()) {
            return known.get();
        }
        // parsed outside any lock: two threads may parse the same unit once each, which is harmless
        ParsedUnit parsed = ParsedUnit.of(UnitName.trusted(name), file, hash);
        synchronized (this) {
            parses++;
        }
        entries.put(key, parsed);
        return parsed;
    }

    /** How many units this cache has parsed (misses), for tests and measurements. */
    public synchronized long parses() {
        return parses;
    }
}
