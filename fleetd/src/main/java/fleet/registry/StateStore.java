package fleet.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.etcd.jetcd.op.Op;

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
    public long publish(MachinePresence presence, UnitStateRecord state) {
        String own = presence.machine().id();
        if (!own.equals(state.machineID())) {
            throw new IllegalArgumentException("state of " + state.name() + " names machine " + state.machineID()
                    + " but this machine is " + own);
        }
        UnitStore.validateName(state.name());
        return etcd.commit(List.of(), List.of(etcd.put(EtcdKeys.state(state.name(), own), RegistryJson.write(state),
                presence.lease())), List.of(), "publish state of " + state.name()).getHeader().getRevision();
    }

    /**
     * Publishes {@code states} and removes this machine's states of {@code removed}, in as few
     * transactions as etcd allows ({@value Etcd#MAX_TXN_OPS} operations each): a machine starting
     * many units publishes them in one round trip instead of one per unit.
     */
    public void publishAll(MachinePresence presence, List<UnitStateRecord> states, List<String> removed) {
        String own = presence.machine().id();
        List<Op> ops = new ArrayList<>();
        for (UnitStateRecord state : states) {
            if (!own.equals(state.machineID())) {
                throw new IllegalArgumentException("state of " + state.name() + " names machine " + state.machineID()
                        + " but this machine is " + own);
            }
            UnitStore.validateName(state.name());
            ops.add(etcd.put(EtcdKeys.state(state.name(), own), RegistryJson.write(state), presence.lease()));
        }
        for (String unit : removed) {
            UnitStore.validateName(unit);
            ops.add(etcd.delete(EtcdKeys.state(unit, own)));
        }
        commitInBatches(ops, "unit state(s)");
    }

    /** As {@link AgentStore#publishFailures}: {@code failures/<unit>/<id>} on the machine's lease. */
    public void publishFailures(MachinePresence presence, Map<String, List<Long>> failedAt, List<String> removed) {
        String own = presence.machine().id();
        List<Op> ops = new ArrayList<>();
        failedAt.forEach((unit, times) -> {
            UnitStore.validateName(unit);
            ops.add(etcd.put(EtcdKeys.failures(unit, own), RegistryJson.write(new FailureRecord(unit, own, times)),
                    presence.lease()));
        });
        for (String unit : removed) {
            UnitStore.validateName(unit);
            ops.add(etcd.delete(EtcdKeys.failures(unit, own)));
        }
        commitInBatches(ops, "failure record(s)");
    }

    /** As {@link AgentStore#publishCompletion}. */
    public void publishCompletion(CompletionRecord completion) {
        UnitStore.validateName(completion.unit());
        etcd.commit(List.of(), List.of(etcd.put(EtcdKeys.completion(completion.unit()), RegistryJson.write(completion))),
                List.of(), "record completion of " + completion.unit());
    }

    private void commitInBatches(List<Op> ops, String what) {
        for (int from = 0; from < ops.size(); from += Etcd.MAX_TXN_OPS) {
            List<Op> batch = ops.subList(from, Math.min(ops.size(), from + Etcd.MAX_TXN_OPS));
            etcd.commit(List.of(), batch, List.of(), "publish " + batch.size() + " " + what);
        }
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
