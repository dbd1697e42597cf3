package fleet.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/** Consistent reads: every range of one answer is read at the same etcd revision. */
public final class SnapshotReader {
    private final Etcd etcd;
    /** The agent's bodies: a machine runs a few hundred units at most. */
    private final BodyCache knownBodies = new BodyCache(4_096);

    SnapshotReader(Etcd etcd) {
        this.etcd = etcd;
    }

    /** The engine's view now. */
    public RegistrySnapshot snapshot() {
        return snapshot(0);
    }

    /**
     * The engine's view at {@code revision} (0 = now), e.g. the revision a watch's resync names. A
     * revision older than etcd's compaction fails with a {@link RegistryException}.
     */
    public RegistrySnapshot snapshot(long revision) {
        return EngineViewState.read(etcd, revision).snapshot();
    }

    /** The machine {@code placement/<unit>} names at {@code revision} (0 = now), if the unit is placed. */
    public Optional<String> placement(String unit, long revision) {
        UnitStore.validateName(unit);
        return etcd.get(EtcdKeys.placement(unit), revision).single().map(k -> RegistryJson.read(k, String.class));
    }

    /** The engine's reasons for not placing {@code unit} at {@code revision} (0 = now), if any. */
    public Optional<UnitReasons> reasons(String unit, long revision) {
        UnitStore.validateName(unit);
        return etcd.get(EtcdKeys.reasons(unit), revision).single().map(k -> RegistryJson.read(k, UnitReasons.class));
    }

    /** One agent's schedule and the global units, with their bodies, at one revision. */
    public MachineSchedule machineSchedule(String machineId) {
        MachineIds.validate(machineId);
        RangeRead own = etcd.range(EtcdKeys.machineSchedule(machineId), 0);
        long rev = own.revision();
        List<ScheduleRecord> scheduled = own.keys().stream().map(k -> RegistryJson.read(k, ScheduleRecord.class))
                .toList();
        // the bodies of scheduled units are fetched while the global units are read
        Map<UnitHash, CompletableFuture<Optional<UnitFile>>> bodies = new HashMap<>();
        scheduled.forEach(s -> bodies.computeIfAbsent(s.hash(), h -> knownBodies.fetch(etcd, h, rev)));
        List<ScheduleRecord> globals = etcd.range(EtcdKeys.GLOBAL, rev).keys().stream()
                .map(k -> RegistryJson.read(k, GlobalRecord.class).forMachine(machineId)).toList();
        globals.forEach(g -> bodies.computeIfAbsent(g.hash(), h -> knownBodies.fetch(etcd, h, rev)));
        return new MachineSchedule(rev, machineId, scheduled, globals, UnitBodies.await(etcd, bodies));
    }
}
