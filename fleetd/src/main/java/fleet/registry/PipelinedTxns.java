package fleet.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;

/**
 * Fenced transactions sent as they come, with up to {@value #IN_FLIGHT} in flight, so throughput is
 * bound by etcd rather than by round trips. Callers never send two transactions writing one key
 * while both may be in flight. Every transaction carries the fence, so once leadership is lost none
 * of the later ones commits, and none is sent after a failure is seen.
 */
final class PipelinedTxns {
    private static final int IN_FLIGHT = 8;

    private record Sent(CompletableFuture<TxnResponse> response, int writes, int placementOps) {}

    private final Etcd etcd;
    private final Fence fence;
    private final Deque<Sent> inFlight = new ArrayDeque<>();
    private int committed;
    private int txns;
    private long revision;
    private boolean fenceLost;

    PipelinedTxns(Etcd etcd, Fence fence) {
        this.etcd = etcd;
        this.fence = fence;
    }

    /** Sends one transaction of {@code writes}, which carry {@code placementOps} whole placement ops. */
    void send(List<Op> writes, int placementOps) {
        if (fenceLost) {
            return;
        }
        inFlight.add(new Sent(etcd.client().getKVClient().txn().If(Etcd.fence(fence))
                .Then(writes.toArray(Op[]::new)).commit(), writes.size(), placementOps));
        while (inFlight.size() >= IN_FLIGHT && !fenceLost) {
            awaitOldest();
        }
    }

    /** Waits for every transaction sent; {@link FenceLostException} if the fence failed. */
    PlacementResult finish() {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
        if (fenceLost) {
            throw new FenceLostException(fence, committed);
        }
        return new PlacementResult(committed, txns, revision);
    }

    private void awaitOldest() {
        Sent s = inFlight.poll();
        TxnResponse r = etcd.wrote(etcd.await(s.response(), "apply " + s.writes() + " placement writes"));
        if (r.isSucceeded()) {
            committed += s.placementOps();
            txns++;
            revision = Math.max(revision, r.getHeader().getRevision());
        } else {
            fenceLost = true;
        }
    }
}
