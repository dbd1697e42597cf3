package fleet.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.registry.CatalogState.Family;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * The API's {@link UnitCatalog} answered from memory: a {@link CatalogState} read once and kept
 * current by one watch on the whole key prefix, as the Kubernetes API server serves from its watch
 * cache. Writes go to etcd through the registry.
 *
 * <p>What a read sees: every change this process committed before the read began (the API's own
 * writes, so a client's read after its write sees it; also this fleetd's agent and engine), and
 * other fleetds' changes as soon as the watch delivers them (milliseconds). A read waits until the
 * watch has delivered this process's latest write, at most {@link #SYNC_WAIT}, then reads etcd
 * instead. Each read still asks etcd for its revision first (one small round trip), so that an
 * unreachable etcd fails the request as before. (Waiting for etcd's current revision instead would
 * make every read linearizable, but the cache cannot tell when it has reached a revision written
 * outside the prefix: etcd 3.4.23's progress notices may overtake events, etcd-io/etcd#15220.)
 *
 * <p>A read at a given revision (a listing's next page) is answered from memory when nothing it
 * shows changed since that revision, else read from etcd at that revision, so pages stay one
 * consistent listing. {@link #readsFromEtcd()} counts the reads that went to etcd. When the watch
 * lost changes (a compaction, a failed body read) the state is read again on the next change.
 */
public final class CatalogCache implements UnitCatalog, ClusterFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
    static final Duration SYNC_WAIT = Duration.ofSeconds(1);

    private final Etcd etcd;
    private final EtcdRegistry direct;
    private final Clock clock;
    private final Object lock = new Object();
    private final AtomicLong readsFromEtcd = new AtomicLong();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final Object startLock = new Object();
    private CatalogState state; // guarded by lock; null until read, and after changes were lost
    private volatile RegistryWatch watch;
    private boolean closed; // guarded by startLock

    private CatalogCache(Etcd etcd, EtcdRegistry direct, Clock clock) {
        this.etcd = etcd;
        this.direct = direct;
        this.clock = clock;
    }

    /** Not started: the first read reads everything and starts the watch (so fleetd starts while etcd is down). */
    static CatalogCache create(Etcd etcd, EtcdRegistry direct, Clock clock) {
        return new CatalogCache(etcd, direct, clock);
    }

    @Override
    public UnitStore units() {
        return direct.units();
    }

    @Override
    public StateStore states() {
        return direct.states();
    }

    @Override
    public MachineStore machines() {
        return direct.machines();
    }

    @Override
    public MoveStore moves() {
        return direct.moves();
    }

    @Override
    public RegistrySnapshot snapshot(long revision) {
        return read(revision, Family.ALL, CatalogState::snapshot, direct::snapshot);
    }

    @Override
    public Optional<String> placement(String unit, long revision) {
        UnitStore.validateName(unit);
        return read(revision, Family.UNITS, s -> s.placement(unit), r -> direct.placement(unit, r));
    }

    @Override
    public Optional<UnitReasons> reasons(String unit, long revision) {
        UnitStore.validateName(unit);
        return read(revision, Family.UNITS, s -> s.reasons(unit), r -> direct.reasons(unit, r));
    }

    @Override
    public Optional<UnitDetail> unitDetail(String unit) {
        UnitStore.validateName(unit);
        return read(0, Family.UNITS, s -> s.detail(unit), r -> direct.unitDetail(unit));
    }

    @Override
    public List<UnitStateRecord> unitStates(String unit, String machineId, long revision) {
        if (unit != null) {
            UnitStore.validateName(unit);
        }
        return read(revision, Family.STATES, s -> s.states(unit, machineId), r -> direct.unitStates(unit, machineId, r));
    }

    @Override
    public Map<String, MachineInfo> machineList(long revision) {
        return read(revision, Family.MACHINES, CatalogState::machines, direct::machineList);
    }

    /** The revision the next reads can be served at: the cache's, once it holds this process's writes. */
    @Override
    public long revision() {
        long now = etcd.currentRevision();
        if (!started()) {
            return now;
        }
        synchronized (lock) {
            return awaitRevision(etcd.lastWrite()) ? state.revision() : now;
        }
    }

    /** This cache is the feed: a picture is a copy of its state, the signal follows each applied change. */
    @Override
    public ClusterFeed feed() {
        return this;
    }

    /** From memory once the watch runs (starting it if etcd answers), else read from etcd. */
    @Override
    public ClusterPicture picture() {
        if (started()) {
            synchronized (lock) {
                if (state != null) {
                    return state.picture();
                }
            }
        }
        return CatalogState.read(etcd, 0).picture();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    /** How many reads went to etcd instead (a page whose data changed since its listing began, a lagging cache). */
    public long readsFromEtcd() {
        return readsFromEtcd.get();
    }

    private <T> T read(long asked, Family family, Function<CatalogState, T> fromMemory, LongFunction<T> fromEtcd) {
        if (!started()) {
            readsFromEtcd.incrementAndGet();
            return fromEtcd.apply(asked);
        }
        etcd.currentRevision(); // etcd must answer, as when every read went there
        long target = Math.max(asked, etcd.lastWrite());
        synchronized (lock) {
            if (awaitRevision(target) && (asked == 0 || !state.changedAfter(family, asked))) {
                return fromMemory.apply(state);
            }
        }
        readsFromEtcd.incrementAndGet();
        return fromEtcd.apply(asked);
    }

    /** Whether the watch runs, starting it (after reading everything) the first time etcd answers. */
    private boolean started() {
        if (watch != null) {
            return true;
        }
        synchronized (startLock) {
            if (watch == null && !closed) {
                try {
                    CatalogState first = CatalogState.read(etcd, 0);
                    synchronized (lock) {
                        state = first;
                    }
                    watch = RegistryWatch.start(etcd, "", first.revision() + 1, new Listener());
                } catch (RegistryException e) {
                    LOG.debug("API cache not started: {}", e.toString());
                }
            }
            return watch != null;
        }
    }

    /**
     * Waits (holding {@link #lock}) until the cache has reached {@code target}, at most {@link #SYNC_WAIT};
     * false at once when there is no state (changes were lost: re-read at the next change).
     */
    private boolean awaitRevision(long target) {
        long deadline = clock.millis() + SYNC_WAIT.toMillis();
        try {
            while (state != null && state.revision() < target) {
                long left = deadline - clock.millis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return state != null; // none while changes are lost: read etcd at once, not after a wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (startLock) {
            closed = true;
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** Runs on the watch's thread: applies changes, re-reading everything when changes were lost. */
    private final class Listener implements WatchListener {
        @Override
        public void onEvents(List<KeyEvent> events) {
            try {
                CatalogState current;
                synchronized (lock) {
                    current = state;
                }
                if (current == null) {
                    current = CatalogState.read(etcd, 0); // events at or before its revision are skipped below
                }
                Map<UnitHash, UnitFile> bodies = newBodies(current, events);
                synchronized (lock) {
                    current.apply(events, bodies);
                    state = current;
                    lock.notifyAll();
                }
                events.forEach(direct.units().lastSeen()::observe); // the next change of these units is one txn
                changed();
            } catch (RuntimeException e) {
                LOG.warn("API cache: could not apply {} watched changes ({}); reading everything at the next change",
                        events.size(), e.toString());
                replace(null);
            }
        }

        @Override
        public void resync(long revision) {
            LOG.info("API cache: watch resynced at revision {}; reading everything again", revision);
            try {
                replace(CatalogState.read(etcd, revision));
            } catch (RuntimeException e) {
                LOG.warn("API cache: re-read at revision {} failed ({})", revision, e.toString());
                replace(null);
            }
        }

        private void replace(CatalogState next) {
            synchronized (lock) {
                state = next;
                lock.notifyAll();
            }
            changed();
        }

        private void changed() {
            for (Runnable l : changeListeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("API cache: a change listener failed: {}", e.toString());
                }
            }
        }

        /**
         * Bodies of units put by {@code events} that the state lacks: from the same changes (a unit's
         * body is put in its transaction), else read at the change's revision.
         */
        private Map<UnitHash, UnitFile> newBodies(CatalogState s, List<KeyEvent> events) {
            Map<UnitHash, UnitFile> out = new HashMap<>();
            for (KeyEvent e : events) {
                if (e.type() == KeyEvent.Type.PUT && e.key().startsWith(EtcdKeys.BODIES)) {
                    out.put(new UnitHash(EtcdKeys.lastSegment(e.key())),
                            RegistryJson.read(new StoredKey(e.key(), e.value(), 0, e.revision(), 0), BodyRecord.class).file());
                }
            }
            Map<UnitHash, CompletableFuture<Optional<UnitFile>>> fetching = new HashMap<>();
            for (KeyEvent e : events) {
                if (e.type() == KeyEvent.Type.PUT && e.key().startsWith(EtcdKeys.UNITS) && e.revision() > s.revision()) {
                    UnitHash hash = RegistryJson.read(new StoredKey(e.key(), e.value(), 0, e.revision(), 0),
                            UnitRecord.class).hash();
                    if (!out.containsKey(hash) && !hasBody(s, hash)) {
                        fetching.computeIfAbsent(hash, h -> UnitBodies.fetch(etcd, h, e.revision()));
                    }
                }
            }
            out.putAll(UnitBodies.await(etcd, fetching));
            return out;
        }

        private boolean hasBody(CatalogState s, UnitHash hash) {
            synchronized (lock) {
                return s.hasBody(hash);
            }
        }
    }
}
