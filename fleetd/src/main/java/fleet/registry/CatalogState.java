package fleet.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * What the API reads, kept in memory at one etcd {@link #revision()}: the engine's parts (units with
 * bodies, placements, reasons, machines with dynamic metadata; applied by {@link EngineViewState}),
 * the {@code placement/} index and unit states. It also remembers the revision of the last change
 * of each {@link Family}, so a listing page asked at an older revision can be served when nothing
 * it shows changed since. Mutable and not thread-safe: {@link CatalogCache} guards it.
 */
final class CatalogState {
    /** What a read depends on. */
    enum Family { UNITS, STATES, MACHINES, ALL }

    private final EngineViewState parts;
    private final Map<String, String> placement = new HashMap<>();
    /** By unit, then machine: the order of a range read of {@code states/}. */
    private final Map<String, Map<String, UnitStateRecord>> states = new TreeMap<>();
    /** Engine candidacies by key; the one created first leads. */
    private final Map<String, Candidate> candidates = new HashMap<>();
    private long revision;
    private long unitsChangedAt;
    private long statesChangedAt;
    private long machinesChangedAt;

    private CatalogState(EngineViewState parts, long revision) {
        this.parts = parts;
        this.revision = revision;
    }

    /** Everything the API reads, at {@code atRevision} (0 = now). */
    static CatalogState read(Etcd etcd, long atRevision) {
        EngineViewState parts = EngineViewState.read(etcd, atRevision);
        long rev = parts.readRevision();
        List<RangeRead> rest = etcd.ranges(List.of(EtcdKeys.PLACEMENT, EtcdKeys.STATES, EtcdKeys.ENGINE_LEADER), rev);
        CatalogState s = new CatalogState(parts, rev);
        rest.get(0).keys().forEach(k -> s.placement.put(EtcdKeys.lastSegment(k.key()), RegistryJson.read(k, String.class)));
        rest.get(1).keys().forEach(s::putState);
        rest.get(2).keys().forEach(k -> s.candidates.put(k.key(), new Candidate(k.createRevision(), k.value())));
        return s;
    }

    long revision() {
        return revision;
    }

    /** Whether what {@code family} reads changed after {@code rev}. */
    boolean changedAfter(Family family, long rev) {
        return switch (family) {
            case UNITS -> unitsChangedAt > rev;
            case STATES -> statesChangedAt > rev;
            case MACHINES -> machinesChangedAt > rev;
            case ALL -> Math.max(unitsChangedAt, Math.max(statesChangedAt, machinesChangedAt)) > rev;
        };
    }

    boolean hasBody(UnitHash hash) {
        return parts.hasBody(hash);
    }

    /**
     * Watched changes in revision order; {@code bodies} holds every body these changes put and those
     * of new units this state lacks.
     */
    void apply(List<KeyEvent> events, Map<UnitHash, UnitFile> bodies) {
        parts.apply(events, bodies);
        long known = revision; // the changes of one transaction share a revision: compare with the state's before
        for (KeyEvent e : events) {
            if (e.revision() <= known) {
                continue;
            }
            String key = e.key();
            if (key.startsWith(EtcdKeys.PLACEMENT)) {
                if (e.type() == KeyEvent.Type.PUT) {
                    placement.put(EtcdKeys.lastSegment(key), RegistryJson.read(stored(e), String.class));
                } else {
                    placement.remove(EtcdKeys.lastSegment(key));
                }
            } else if (key.startsWith(EtcdKeys.STATES)) {
                if (e.type() == KeyEvent.Type.PUT) {
                    putState(stored(e));
                } else {
                    removeState(key);
                }
                statesChangedAt = e.revision();
            } else if (key.startsWith(EtcdKeys.ENGINE_LEADER)) {
                putCandidate(e);
            } else if (key.startsWith(EtcdKeys.BODIES) && e.type() == KeyEvent.Type.DELETE) {
                forgetBody(new UnitHash(EtcdKeys.lastSegment(key)), bodies);
            }
            if (key.startsWith(EtcdKeys.UNITS) || key.startsWith(EtcdKeys.SCHEDULE) || key.startsWith(EtcdKeys.PLACEMENT)
                    || key.startsWith(EtcdKeys.REASONS) || key.startsWith(EtcdKeys.STATES)) {
                unitsChangedAt = e.revision(); // a unit's entity shows its placement, reasons and states
            } else if (key.startsWith(EtcdKeys.MACHINES) || key.startsWith(EtcdKeys.MACHINE_METADATA)) {
                machinesChangedAt = e.revision();
            }
            revision = e.revision();
        }
    }

    Optional<UnitDetail> detail(String name) {
        StoredUnit unit = parts.unit(name);
        if (unit == null) {
            return Optional.empty();
        }
        return Optional.of(new UnitDetail(revision, unit, placement.get(name), states(name, null), parts.reasons(name)));
    }

    Optional<String> placement(String unit) {
        return Optional.ofNullable(placement.get(unit));
    }

    Optional<UnitReasons> reasons(String unit) {
        return Optional.ofNullable(parts.reasons(unit));
    }

    RegistrySnapshot snapshot() {
        return parts.snapshot(revision);
    }

    Map<String, MachineInfo> machines() {
        return parts.machines();
    }

    /** Everything at this revision, copied: it stays as it is while this state moves on. */
    ClusterPicture picture() {
        return new ClusterPicture(snapshot(), states(null, null), leader());
    }

    /** The machine whose candidacy is the oldest (etcd's Election API makes it the leader), {@code ""} if none. */
    String leader() {
        return candidates.values().stream().min(Comparator.comparingLong(Candidate::createRevision))
                .map(Candidate::machineId).orElse("");
    }

    /** States in unit, then machine order; {@code unit} and {@code machineId} filter when not null. */
    List<UnitStateRecord> states(String unit, String machineId) {
        List<UnitStateRecord> out = new ArrayList<>();
        for (Map<String, UnitStateRecord> ofUnit : unit == null ? states.values()
                : List.of(states.getOrDefault(unit, Map.of()))) {
            for (UnitStateRecord s : ofUnit.values()) {
                if (machineId == null || machineId.equals(s.machineID())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Drops a body etcd deleted (its last unit went), or bodies of deleted units would pile up for the
     * life of the process; kept when the same changes put it again (a new unit with that body).
     */
    private void forgetBody(UnitHash hash, Map<UnitHash, UnitFile> putInTheseChanges) {
        if (!putInTheseChanges.containsKey(hash)) {
            parts.forgetBody(hash);
        }
    }

    private void putState(StoredKey k) {
        String unit = EtcdKeys.secondSegment(k.key(), EtcdKeys.STATES);
        states.computeIfAbsent(unit, u -> new TreeMap<>()).put(EtcdKeys.lastSegment(k.key()),
                RegistryJson.read(k, UnitStateRecord.class));
    }

    private void removeState(String key) {
        String unit = EtcdKeys.secondSegment(key, EtcdKeys.STATES);
        Map<String, UnitStateRecord> ofUnit = states.get(unit);
        if (ofUnit != null) {
            ofUnit.remove(EtcdKeys.lastSegment(key));
            if (ofUnit.isEmpty()) {
                states.remove(unit);
            }
        }
    }

    /** A candidacy is put once (a put keeps its create revision), deleted when it resigns or its lease ends. */
    private void putCandidate(KeyEvent e) {
        if (e.type() == KeyEvent.Type.DELETE) {
            candidates.remove(e.key());
        } else {
            Candidate known = candidates.get(e.key());
            candidates.put(e.key(), new Candidate(known == null ? e.revision() : known.createRevision(), e.value()));
        }
    }

    private record Candidate(long createRevision, String machineId) {}

    private static StoredKey stored(KeyEvent e) {
        return new StoredKey(e.key(), e.value(), 0, e.revision(), 0);
    }
}
