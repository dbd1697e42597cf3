package fleet.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;

/**
 * The engine's writes: placements, unschedules and reasons, batched into transactions of at most
 * {@value Etcd#MAX_TXN_OPS} etcd operations, each guarded by the leader's {@link Fence}. The
 * operations of one {@link PlacementOp} never straddle two transactions.
 */
public final class DecisionWriter {
    private static final int IN_FLIGHT = 8;

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
        List<Batch> batches = new ArrayList<>();
        Map<String, Op> batch = new LinkedHashMap<>();
        int batchOps = 0;
        for (PlacementOp op : ops) {
            Map<String, Op> writes = new LinkedHashMap<>();
            DecisionWrites.of(op, placed).forEach((key, w) -> writes.put(key,
                    w.value() == null ? etcd.delete(key) : etcd.put(key, w.value())));
            if (!batch.isEmpty() && batch.size() + writes.size() > maxOpsPerTxn) {
                batches.add(new Batch(new ArrayList<>(batch.values()), batchOps));
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
            batches.add(new Batch(new ArrayList<>(batch.values()), batchOps));
        }
        return commitPipelined(fence, batches);
    }

    private record Batch(List<Op> writes, int placementOps) {}

    /**
     * Commits the batches with up to {@value #IN_FLIGHT} transactions in flight, so throughput is bound
     * by etcd rather than by round trips. Safe because no two batches of one call write the same key
     * (a unit's operations share a batch or touch different keys). Every batch carries the fence, so
     * once leadership is lost none of the later ones commits.
     */
    private PlacementResult commitPipelined(Fence fence, List<Batch> batches) {
        Deque<CompletableFuture<TxnResponse>> inFlight = new ArrayDeque<>();
        Deque<Batch> pending = new ArrayDeque<>();
        int committed = 0;
        int txns = 0;
        long revision = 0;
        boolean fenceLost = false;
        for (int i = 0; i <= batches.size(); i++) {
            if (i < batches.size() && !fenceLost) {
                Batch b = batches.get(i);
                inFlight.add(etcd.client().getKVClient().txn().If(Etcd.fence(fence))
                        .Then(b.writes().toArray(Op[]::new)).commit());
                pending.add(b);
            }
            while (!inFlight.isEmpty() && (inFlight.size() >= IN_FLIGHT || i == batches.size() || fenceLost)) {
                TxnResponse r = etcd.wrote(etcd.await(inFlight.poll(), "apply " + pending.peek().writes().size()
                        + " placement writes"));
                Batch b = pending.poll();
                if (r.isSucceeded()) {
                    committed += b.placementOps();
                    txns++;
                    revision = Math.max(revision, r.getHeader().getRevision());
                } else {
                    fenceLost = true;
                }
            }
        }
        if (fenceLost) {
            throw new FenceLostException(fence, committed);
        }
        return new PlacementResult(committed, txns, revision);
    }
}
