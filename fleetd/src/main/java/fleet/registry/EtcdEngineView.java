package fleet.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * The engine's view over etcd, kept current instead of re-read every pass. It is read in full the first
 * time, after {@link #invalidate()} (a watch resync, a write whose outcome is unknown) and when the
 * caller asks for a full read; otherwise the changes {@link #offer offered} by the engine's watches
 * on {@value EtcdKeys#UNITS}, {@value EtcdKeys#MACHINES}, {@value EtcdKeys#MACHINE_METADATA},
 * {@value EtcdKeys#FAILURES}, {@value EtcdKeys#COMPLETIONS} and {@value EtcdKeys#MOVES}
 * (from the read's revision + 1) are applied to it, fetching only bodies it has not seen, and the
 * engine's own committed writes are applied as it {@link #applied reports} them: the leader is the
 * only writer of {@code schedule/} and {@code reasons/}, so nothing else changes those.
 *
 * <p>The watched prefixes are separate watches, so the view may hold a unit change a little ahead of
 * a machine change: each part is etcd's state at some revision, never a mix inside one part, and a
 * later pass sees the rest. Thread-safe: {@link #offer} and {@link #invalidate} from any thread, the
 * rest from the engine's one thread. A new leader makes a new view.
 */
final class EtcdEngineView implements EngineView {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdEngineView.class);
    private final Etcd etcd;
    private final ConcurrentLinkedQueue<KeyEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private EngineViewState state;
    private boolean lastWasFullRead;

    EtcdEngineView(Etcd etcd) {
        this.etcd = etcd;
    }

    /** Watched changes, in revision order per prefix; applied at the next {@link #current}. */
    public void offer(List<KeyEvent> events) {
        pending.addAll(events);
    }

    /** The view can no longer be trusted: the next {@link #current} reads everything again. */
    @Override
    public void invalidate() {
        stale.set(true);
    }

    /**
     * What the watches on {@link #WATCHED} deliver to: changes are offered, a resync (compaction)
     * invalidates the view; then {@code wake} runs (the engine's next pass).
     */
    @Override
    public WatchListener listener(Runnable wake) {
        return new WatchListener() {
            @Override
            public void onEvents(List<KeyEvent> events) {
                offer(events);
                wake.run();
            }

            @Override
            public void resync(long revision) {
                LOG.info("engine watch resynced at revision {}; reading everything again", revision);
                invalidate();
                wake.run();
            }
        };
    }

    /**
     * The view now: read in full when it is new, invalidated or {@code fullRead} is asked (the
     * periodic safety net, which also logs any difference from the kept view), else the kept view
     * with the changes offered since.
     */
    @Override
    public RegistrySnapshot current(boolean fullRead) {
        List<KeyEvent> events = drain();
        boolean trusted = !stale.getAndSet(false) && state != null;
        if (trusted && !fullRead) {
            try {
                lastWasFullRead = false;
                state.apply(events, fetchBodies(events));
                return state.snapshot();
            } catch (RegistryException e) {
                // e.g. a body at a revision etcd has compacted: the read below covers the same changes
                LOG.info("could not apply {} watched changes to the engine's view ({}); reading everything",
                        events.size(), e.getMessage());
                trusted = false;
            }
        }
        try {
            RegistrySnapshot kept = trusted ? state.snapshot() : null;
            state = EngineViewState.read(etcd, 0);
            lastWasFullRead = true;
            state.apply(events, fetchBodies(events)); // only those after the read's revision count
            RegistrySnapshot read = state.snapshot();
            if (kept != null) {
                reportDrift(kept, read);
            }
            return read;
        } catch (RuntimeException e) {
            stale.set(true); // part of the changes may be applied: read everything next time
            throw e;
        }
    }

    /** The revision of the last full read (0 before one): watch from the next one. */
    @Override
    public long readRevision() {
        return state == null ? 0 : state.readRevision();
    }

    /** Whether the last {@link #current} read everything from etcd. */
    @Override
    public boolean lastWasFullRead() {
        return lastWasFullRead;
    }

    /** The engine committed {@code ops} (all of them) at {@code revision}. */
    @Override
    public void applied(List<PlacementOp> ops, long revision) {
        if (state != null) {
            state.applyWrites(ops, revision);
        }
    }

    private List<KeyEvent> drain() {
        List<KeyEvent> out = new ArrayList<>();
        for (KeyEvent e = pending.poll(); e != null; e = pending.poll()) {
            out.add(e);
        }
        return out;
    }

    /** Bodies the view lacks, each read at the revision of the unit change naming it, concurrently. */
    private Map<UnitHash, UnitFile> fetchBodies(List<KeyEvent> events) {
        Map<UnitHash, CompletableFuture<Optional<UnitFile>>> fetching = new HashMap<>();
        for (KeyEvent e : events) {
            if (e.type() == KeyEvent.Type.PUT && e.key().startsWith(EtcdKeys.UNITS) && e.revision() > state.readRevision()) {
                UnitHash hash = RegistryJson.read(new StoredKey(e.key(), e.value(), 0, e.revision(), 0),
                        UnitRecord.class).hash();
                if (!state.hasBody(hash)) {
                    fetching.computeIfAbsent(hash, h -> UnitBodies.fetch(etcd, h, e.revision()));
                }
            }
        }
        return UnitBodies.await(etcd, fetching);
    }

    /**
     * Placements and reasons change only by the engine's own writes, so a full read must find them as
     * kept; units and machines may differ by changes still on their way through the watches.
     */
    private static void reportDrift(RegistrySnapshot kept, RegistrySnapshot read) {
        if (!kept.schedule().equals(read.schedule()) || !kept.reasons().equals(read.reasons())) {
            LOG.warn("the engine's kept placements or reasons (revision {}) differed from etcd's (revision {});"
                    + " replaced by the full read", kept.revision(), read.revision());
        }
    }
}
