package fleet.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * What the engine decides from, kept in parts that changes apply to one key at a time: units with
 * their bodies, placements, reasons, and machines with their dynamic metadata still apart (a change
 * to either is merged again). Mutable and confined to one thread; {@link #snapshot()} hands out an
 * immutable {@link RegistrySnapshot}. Applying a change is pure: bodies it needs are given to it.
 */
final class EngineViewState {
    /** The full read's revision: watched changes up to it are in the view already. */
    private long readRevision;
    /** The latest revision the view reflects (read, watched or written). */
    private long revision;
    private final Map<String, StoredUnit> units = new TreeMap<>();
    /** By {@code <machineID>/<unit>}: the order of a range read of {@code schedule/}. */
    private final Map<String, ScheduledUnit> schedule = new TreeMap<>();
    private final Map<String, UnitReasons> reasons = new HashMap<>();
    private final Map<String, MachineInfo> machines = new TreeMap<>();
    private final Map<String, Map<String, String>> dynamicMetadata = new HashMap<>();
    /** By {@code <unit>/<machineID>}. */
    private final Map<String, FailureRecord> failures = new TreeMap<>();
    private final Map<String, CompletionRecord> completions = new HashMap<>();
    private final Map<String, MoveRecord> moves = new HashMap<>();
    /** Bodies by hash; a hash names one body forever, so entries never go stale. */
    private final Map<UnitHash, UnitFile> bodies = new HashMap<>();

    /** An empty state; the registry builds one by {@link #read}, the in-memory registry of the tests by applying changes. */
    EngineViewState() {}

    /** Everything, read at one {@code revision} (0 = now). */
    static EngineViewState read(Etcd etcd, long revision) {
        RangeRead unitKeys = etcd.range(EtcdKeys.UNITS, revision);
        long rev = unitKeys.revision();
        List<RangeRead> rest = etcd.ranges(List.of(EtcdKeys.BODIES, EtcdKeys.SCHEDULE, EtcdKeys.REASONS,
                EtcdKeys.MACHINES, EtcdKeys.MACHINE_METADATA, EtcdKeys.FAILURES, EtcdKeys.COMPLETIONS, EtcdKeys.MOVES), rev);
        EngineViewState s = new EngineViewState();
        s.readRevision = rev;
        s.revision = rev;
        s.bodies.putAll(UnitBodies.parse(rest.get(0)));
        for (StoredKey k : unitKeys.keys()) {
            UnitBodies.join(RegistryJson.read(k, UnitRecord.class), s.bodies).ifPresent(u -> s.units.put(u.name(), u));
        }
        rest.get(1).keys().forEach(k -> s.putSchedule(ScheduledUnit.of(k)));
        rest.get(2).keys().forEach(k -> s.reasons.put(EtcdKeys.lastSegment(k.key()), RegistryJson.read(k, UnitReasons.class)));
        rest.get(3).keys().forEach(k -> s.putMachine(k));
        rest.get(4).keys().forEach(k -> s.putMetadata(k));
        rest.get(5).keys().forEach(k -> s.putFailures(k));
        rest.get(6).keys().forEach(k -> s.putCompletion(k));
        rest.get(7).keys().forEach(k -> s.putMove(RegistryJson.read(k, MoveRecord.class)));
        return s;
    }

    long readRevision() {
        return readRevision;
    }

    /** The unit with its body, or null (absent, or its body missing). */
    StoredUnit unit(String name) {
        return units.get(name);
    }

    UnitReasons reasons(String unit) {
        return reasons.get(unit);
    }

    /** etcd deleted the body (no unit references it any more). */
    void forgetBody(UnitHash hash) {
        bodies.remove(hash);
    }

    boolean hasBody(UnitHash hash) {
        return bodies.containsKey(hash);
    }

    /**
     * Applies changes under {@code units/}, {@code machines/}, {@code machine-metadata/}, {@code failures/}, {@code completions/}, {@code moves/} (watched) and
     * {@code schedule/}, {@code reasons/} (the engine's own writes) in revision order. Changes at or before this view's revision are already in it and skipped.
     * {@code fetched} holds the bodies of units whose body this view did not have (absent = missing
     * in etcd too: the unit is then left out, as a full read leaves it out).
     */
    void apply(List<KeyEvent> events, Map<UnitHash, UnitFile> fetched) {
        bodies.putAll(fetched);
        for (KeyEvent e : events) {
            if (e.revision() <= readRevision) {
                continue;
            }
            StoredKey k = new StoredKey(e.key(), e.value(), 0, e.revision(), 0);
            boolean put = e.type() == KeyEvent.Type.PUT;
            if (e.key().startsWith(EtcdKeys.UNITS)) {
                String name = EtcdKeys.lastSegment(e.key());
                units.remove(name);
                if (put) {
                    UnitBodies.join(RegistryJson.read(k, UnitRecord.class), bodies).ifPresent(u -> units.put(name, u));
                }
            } else if (e.key().startsWith(EtcdKeys.MACHINES)) {
                if (put) {
                    putMachine(k);
                } else {
                    machines.remove(EtcdKeys.lastSegment(e.key()));
                }
            } else if (e.key().startsWith(EtcdKeys.SCHEDULE)) {
                if (put) {
                    putSchedule(ScheduledUnit.of(k));
                } else {
                    schedule.remove(e.key().substring(EtcdKeys.SCHEDULE.length()));
                }
            } else if (e.key().startsWith(EtcdKeys.REASONS)) {
                if (put) {
                    reasons.put(EtcdKeys.lastSegment(e.key()), RegistryJson.read(k, UnitReasons.class));
                } else {
                    reasons.remove(EtcdKeys.lastSegment(e.key()));
                }
            } else if (e.key().startsWith(EtcdKeys.FAILURES)) {
                if (put) {
                    putFailures(k);
                } else {
                    failures.remove(e.key().substring(EtcdKeys.FAILURES.length()));
                }
            } else if (e.key().startsWith(EtcdKeys.COMPLETIONS)) {
                if (put) {
                    putCompletion(k);
                } else {
                    completions.remove(EtcdKeys.lastSegment(e.key()));
                }
            } else if (e.key().startsWith(EtcdKeys.MOVES)) {
                if (put) {
                    putMove(RegistryJson.read(k, MoveRecord.class));
                } else {
                    moves.remove(EtcdKeys.lastSegment(e.key()));
                }
            } else if (e.key().startsWith(EtcdKeys.MACHINE_METADATA)) {
                if (put) {
                    putMetadata(k);
                } else {
                    Map<String, String> m = dynamicMetadata.get(EtcdKeys.secondSegment(e.key(), EtcdKeys.MACHINE_METADATA));
                    if (m != null) {
                        m.remove(EtcdKeys.lastSegment(e.key()));
                    }
                }
            }
            revision = Math.max(revision, e.revision());
        }
    }

    /**
     * Applies the engine's own committed writes (the engine is the only writer of {@code schedule/}
     * and {@code reasons/}): the keys {@link DecisionWriter} wrote for {@code ops}, their values taken
     * as they are ({@code placement/} is not part of the view).
     */
    void applyWrites(List<PlacementOp> ops, long committedAt) {
        Set<String> placed = DecisionWrites.placedUnits(ops);
        for (PlacementOp op : ops) {
            for (DecisionWrites.KeyWrite w : DecisionWrites.of(op, placed).values()) {
                if (w.key().startsWith(EtcdKeys.SCHEDULE)) {
                    String at = w.key().substring(EtcdKeys.SCHEDULE.length());
                    if (w.value() instanceof ScheduleRecord r) {
                        putSchedule(new ScheduledUnit(EtcdKeys.secondSegment(w.key(), EtcdKeys.SCHEDULE), r.name(),
                                r.hash(), r.desiredState()));
                    } else {
                        schedule.remove(at);
                    }
                } else if (w.value() instanceof MoveRecord m) {
                    putMove(m);
                } else if (w.key().startsWith(EtcdKeys.REASONS)) {
                    if (w.value() instanceof UnitReasons r) {
                        reasons.put(EtcdKeys.lastSegment(w.key()), r);
                    } else {
                        reasons.remove(EtcdKeys.lastSegment(w.key()));
                    }
                }
            }
        }
        revision = Math.max(revision, committedAt);
    }

    RegistrySnapshot snapshot() {
        return snapshot(revision);
    }

    /** The snapshot labelled with {@code atRevision} (a caller that knows nothing changed up to it). */
    RegistrySnapshot snapshot(long atRevision) {
        return new RegistrySnapshot(atRevision, units, new ArrayList<>(schedule.values()), reasons, machines(),
                new ArrayList<>(failures.values()), completions, moves);
    }

    /** Live machines by ID in ID order, dynamic metadata merged. */
    Map<String, MachineInfo> machines() {
        Map<String, MachineInfo> merged = new TreeMap<>();
        machines.forEach((id, m) -> merged.put(id,
                m.withMetadata(MachineStore.mergeOver(m.metadata(), dynamicMetadata.getOrDefault(id, Map.of())))));
        return merged;
    }

    private void putSchedule(ScheduledUnit s) {
        schedule.put(s.machineId() + "/" + s.name(), s);
    }

    /** Machines keep their config metadata here; {@link #snapshot()} merges the dynamic one over it. */
    private void putMachine(StoredKey k) {
        MachineInfo info = RegistryJson.read(k, MachineInfo.class);
        machines.put(info.id(), info);
    }

    private void putFailures(StoredKey k) {
        FailureRecord f = RegistryJson.read(k, FailureRecord.class);
        failures.put(f.unit() + "/" + f.machineID(), f);
    }

    private void putCompletion(StoredKey k) {
        CompletionRecord c = RegistryJson.read(k, CompletionRecord.class);
        completions.put(c.unit(), c);
    }

    private void putMove(MoveRecord m) {
        moves.put(m.unit(), m);
    }

    private void putMetadata(StoredKey k) {
        String id = EtcdKeys.secondSegment(k.key(), EtcdKeys.MACHINE_METADATA);
        dynamicMetadata.computeIfAbsent(id, x -> new TreeMap<>())
                .put(EtcdKeys.lastSegment(k.key()), RegistryJson.read(k, String.class));
    }
}
