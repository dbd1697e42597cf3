package fleet.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;

/**
 * The engine's writes: placements, unschedules and reasons, batched into transactions of at most
 * {@value Etcd#MAX_TXN_OPS} etcd operations, each guarded by the leader's {@link Fence}. The
 * operations of one {@link PlacementOp} never straddle two transactions.
 */
public final class PlacementWriter {
    private final Etcd etcd;
    private final int maxOpsPerTxn;

    PlacementWriter(Etcd etcd) {
        this(etcd, Etcd.MAX_TXN_OPS);
    }

    PlacementWriter(Etcd etcd, int maxOpsPerTxn) {
        this.etcd = etcd;
        this.maxOpsPerTxn = maxOpsPerTxn;
    }

    /**
     * Applies {@code ops} in order, batch by batch. When the fence fails the failing transaction writes
     * nothing and {@link FenceLostException} reports how many operations earlier batches committed.
     * Placing one unit twice in one call is refused before anything is written.
     */
    public PlacementResult apply(Fence fence, List<PlacementOp> ops) {
        Set<String> placed = new HashSet<>();
        for (PlacementOp op : ops) {
            if (op instanceof PlacementOp.Place p && !placed.add(p.unit())) {
                throw new IllegalArgumentException("unit " + p.unit() + " is placed twice in one call");
            }
        }
        int committed = 0;
        int txns = 0;
        long revision = 0;
        Map<String, Op> batch = new LinkedHashMap<>();
        int batchOps = 0;
        for (PlacementOp op : ops) {
            Map<String, Op> writes = writes(op, placed);
            if (!batch.isEmpty() && batch.size() + writes.size() > maxOpsPerTxn) {
                revision = commit(fence, batch, committed);
                committed += batchOps;
                txns++;
                batch.clear();
                batchOps = 0;
            }
            // one key written twice in a batch (etcd refuses duplicates): the later write wins
            writes.forEach((key, write) -> {
                batch.remove(key);
                batch.put(key, write);
            });
            batchOps++;
        }
        if (!batch.isEmpty()) {
            revision = commit(fence, batch, committed);
            committed += batchOps;
            txns++;
        }
        return new PlacementResult(committed, txns, revision);
    }

    private long commit(Fence fence, Map<String, Op> batch, int committedBefore) {
        TxnResponse r = etcd.commit(List.of(Etcd.fence(fence)), new ArrayList<>(batch.values()), List.of(),
                "apply " + batch.size() + " placement writes");
        if (!r.isSucceeded()) {
            throw new FenceLostException(fence, committedBefore);
        }
        return r.getHeader().getRevision();
    }

    private Map<String, Op> writes(PlacementOp op, Set<String> placedInThisCall) {
        Map<String, Op> out = new LinkedHashMap<>();
        if (op instanceof PlacementOp.Place p) {
            String schedule = EtcdKeys.schedule(p.machineId(), p.unit());
            out.put(schedule, etcd.put(schedule,
                    RegistryJson.write(new ScheduleRecord(p.unit(), p.hash(), p.desiredState()))));
            out.put(EtcdKeys.placement(p.unit()), etcd.put(EtcdKeys.placement(p.unit()),
                    RegistryJson.write(p.machineId())));
        } else if (op instanceof PlacementOp.Unschedule u) {
            String schedule = EtcdKeys.schedule(u.machineId(), u.unit());
            out.put(schedule, etcd.delete(schedule));
            if (!placedInThisCall.contains(u.unit())) {
                out.put(EtcdKeys.placement(u.unit()), etcd.delete(EtcdKeys.placement(u.unit())));
            }
        } else if (op instanceof PlacementOp.SetReasons s) {
            out.put(EtcdKeys.reasons(s.unit()), etcd.put(EtcdKeys.reasons(s.unit()), RegistryJson.write(s.reasons())));
        } else if (op instanceof PlacementOp.ClearReasons c) {
            out.put(EtcdKeys.reasons(c.unit()), etcd.delete(EtcdKeys.reasons(c.unit())));
        }
        return out;
    }
}
