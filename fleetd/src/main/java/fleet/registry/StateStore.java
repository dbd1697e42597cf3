package fleet.registry;

import java.util.List;

/**
 * Unit states ({@code states/<name>/<machineID>}): published by each agent on its machine's lease,
 * so they vanish with the machine; read by the API, filtered by machine and/or unit.
 */
public final class StateStore {
    private final Etcd etcd;

    StateStore(Etcd etcd) {
        this.etcd = etcd;
    }

    /** Publishes one state of this machine (the state's machineID must be the presence's). */
    public long publish(Presence presence, UnitStateRecord state) {
        String own = presence.machine().id();
        if (!own.equals(state.machineID())) {
            throw new IllegalArgumentException("state of " + state.name() + " names machine " + state.machineID()
                    + " but this machine is " + own);
        }
        UnitStore.validateName(state.name());
        return etcd.commit(List.of(), List.of(etcd.put(EtcdKeys.state(state.name(), own), RegistryJson.write(state),
                presence.lease())), List.of(), "publish state of " + state.name()).getHeader().getRevision();
    }

    /** Removes this machine's state of {@code unit} (after the agent unloaded it). */
    public long remove(Presence presence, String unit) {
        UnitStore.validateName(unit);
        return etcd.commit(List.of(), List.of(etcd.delete(EtcdKeys.state(unit, presence.machine().id()))),
                List.of(), "remove state of " + unit).getHeader().getRevision();
    }

    /** States at {@code revision} (0 = now); {@code unit} and {@code machineId} filter when not null. */
    public List<UnitStateRecord> list(String unit, String machineId, long revision) {
        String prefix = EtcdKeys.STATES;
        if (unit != null) {
            UnitStore.validateName(unit);
            prefix = EtcdKeys.unitStates(unit);
        }
        return etcd.range(prefix, revision).keys().stream()
                .filter(k -> machineId == null || EtcdKeys.lastSegment(k.key()).equals(machineId))
                .map(k -> RegistryJson.read(k, UnitStateRecord.class))
                .toList();
    }

    public List<UnitStateRecord> list() {
        return list(null, null, 0);
    }
}
