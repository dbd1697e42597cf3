package fleet.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.etcd.jetcd.op.Op;

/**
 * The engine's writes: placements, unschedules and reasons, batched into transactions of at most
 * {@value Etcd#MAX_TXN_OPS} etcd operations, each guarded by the leader's {@link Fence}, each sent
 * as soon as it is full. The operations of one {@link PlacementOp} never straddle two transactions.
 */
public final class DecisionWriter {
    /** The most etcd operations one {@link PlacementOp} writes. */
    private static final int MAX_OP_WRITES = 2;

    private final Etcd etcd;
    private final int maxOpsPerTxn;

    DecisionWriter(Etcd etcd) {
        this(etcd, Etcd.MAX_TXN_OPS);
    }

    DecisionWriter(Etcd etcd, int maxOpsPerTxn) {
        this.etcd = etcd;
        this.maxOpsPerTxn = maxOpsPerTxn;
    }

    /**
     * Applies {@code ops} in order, batch by batch. When the fence fails the failing transaction writes
     * nothing and {@link FenceLostException} reports how many operations earlier batches committed.
     * Placing one unit twice in one call is refused before anything is written.
     */
    public PlacementResult apply(Fence fence, List<PlacementOp> ops) {
        Set<String> placed = DecisionWrites.placedUnits(ops);
        Batches batches = new Batches(new PipelinedTxns(etcd, fence));
        for (PlacementOp op : ops) {
            batches.add(op, placed);
        }
        return batches.finish();
    }

    /**
     * Placements written while the pass that decides them goes on: each {@link PlacementStream#send}
     * sends the transactions it fills at once.
     */
    public PlacementStream stream(Fence fence) {
        Batches batches = new Batches(new PipelinedTxns(etcd, fence));
        Set<String> placed = new HashSet<>();
        return new PlacementStream() {
            @Override
            public void send(List<PlacementOp.Place> places) {
                for (PlacementOp.Place p : places) {
                    if (!placed.add(p.unit())) {
                        throw new IllegalArgumentException("unit " + p.unit() + " is placed twice in one stream");
                    }
                    batches.add(p, placed);
                }
            }

            @Override
            public PlacementResult finish() {
                return batches.finish();
            }
        };
    }

    /**
     * Ops gathered into transactions, each sent when it is full. No two transactions write one key
     * (a unit's operations share a transaction or touch different keys), so they may be in flight together.
     */
    private final class Batches {
        private final PipelinedTxns txns;
        private final Map<String, Op> batch = new LinkedHashMap<>();
        private int batchOps;

        Batches(PipelinedTxns txns) {
            this.txns = txns;
        }

        void add(PlacementOp op, Set<String> placedInThisCall) {
            Map<String, DecisionWrites.KeyWrite> writes = DecisionWrites.of(op, placedInThisCall);
            if (!batch.isEmpty() && batch.size() + writes.size() > maxOpsPerTxn) {
                send();
            }
            // one key written twice in a batch (etcd refuses duplicates): the later write wins
            writes.forEach((key, w) -> {
                batch.remove(key);
                String json = w.json();
                batch.put(key, json == null ? etcd.delete(key) : etcd.put(key, json));
            });
            batchOps++;
            if (batch.size() + MAX_OP_WRITES > maxOpsPerTxn) {
                send();
            }
        }

        PlacementResult finish() {
            if (!batch.isEmpty()) {
                send();
            }
            return txns.finish();
        }

        private void send() {
            txns.send(new ArrayList<>(batch.values()), batchOps);
            batch.clear();
            batchOps = 0;
        }
    }
}
