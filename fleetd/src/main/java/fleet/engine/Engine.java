package fleet.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import fleet.loop.CoalescedTrigger;
import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import fleet.loop.OutageLog;
import fleet.registry.RegistrySnapshot;
import fleet.registry.EngineStore;
import fleet.registry.EngineView;
import fleet.registry.EtcdContact;
import fleet.registry.LeadershipListener;
import fleet.registry.Fence;
import fleet.registry.FenceLostException;
import fleet.registry.MachineInfo;
import fleet.registry.PlacementStream;
import fleet.registry.RegistryException;
import fleet.registry.RegistryUnavailableException;
import fleet.registry.ScheduledUnit;
import fleet.registry.WatchHandle;
import fleet.registry.WatchListener;

/**
 * The engine loop. While this fleetd leads, it reconciles the cluster schedule: once when elected,
 * on every change to units, machines or machine metadata (watched from the snapshot's revision),
 * and on a timer ({@code engine_reconcile_interval}) as the safety net. Each pass takes the term's
 * {@link EngineView} (read in full when elected, then kept current from the watches and its own
 * writes; read in full again after a resync, a write of unknown outcome and every
 * {@value #FULL_READ_EVERY_TICKS}th tick), lets {@link EnginePlanner} decide, and applies the
 * decisions in fenced, batched transactions, the pass's leading places while it still plans; a deposed engine's writes fail on the fence and it stops.
 * Before planning, {@link MachineLossGuard} says which lost machines keep their units for now
 * (an etcd outage, a mass loss), so that a control-plane fault moves and restarts nothing.
 */
public final class Engine implements LeadershipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** Every this many timer passes the view is read in full again: the safety net under the kept view. */
    static final int FULL_READ_EVERY_TICKS = 30;

    private final EngineStore store;
    private final EnginePlanner planner;
    private final Duration interval;
    private final Clock clock;
    private final OutageLog outage;
    private final EtcdContact contact;
    private final LossRules lossRules;
    private final LoopThread loop;
    private final EngineMetrics metrics;
    private final CoalescedTrigger passSoon;
    private final AtomicReference<Fence> fence = new AtomicReference<>();
    private final List<WatchHandle> watches = new ArrayList<>();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong opsApplied = new AtomicLong();
    private LoopThread.Timer ticker;
    private long ticks;
    private EngineView view; // this term's, touched on the loop thread only
    private MachineLossGuard guard; // this term's, touched on the loop thread only
    private Map<String, String> lastHeld = Map.of();
    private volatile PassTimings lastPass = new PassTimings(0, 0, 0, 0, false, 0);

    /**
     * How lost machines are treated: held for {@code grace} after an etcd outage or a mass loss, and
     * {@code agentTtl} is the window in which losses count as one event (see {@link MachineLossGuard}).
     */
    public record LossRules(Duration grace, Duration agentTtl) {}

    /** An engine whose fleetd never reports etcd trouble: for benchmarks and tests of other things. */
    public Engine(EngineStore store, EnginePlanner planner, Duration interval, Clock clock) {
        this(store, planner, interval, new DaemonLoopThread("engine", clock), new EtcdContact(clock),
                new LossRules(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    /** An engine whose passes run on {@code loop}, on its clock (tests run it in simulated time). */
    public Engine(EngineStore store, EnginePlanner planner, Duration interval, LoopThread loop, EtcdContact contact,
            LossRules lossRules) {
        this(store, planner, interval, loop, contact, lossRules, EngineMetrics.NONE);
    }

    /** An engine that reports its terms and passes to {@code metrics}. */
    public Engine(EngineStore store, EnginePlanner planner, Duration interval, LoopThread loop, EtcdContact contact,
            LossRules lossRules, EngineMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.planner = planner;
        this.interval = interval;
        this.clock = loop.clock();
        this.outage = new OutageLog(LOG, clock);
        this.contact = contact;
        this.lossRules = lossRules;
        this.loop = loop;
        this.passSoon = new CoalescedTrigger(loop, this::reconcile);
    }

    @Override
    public void onElected(Fence won) {
        loop.execute(() -> {
            fence.set(won);
            metrics.elected(won.createRevision(), clock.instant());
            view = store.newView();
            guard = new MachineLossGuard(lossRules.grace(), lossRules.agentTtl());
            LOG.info("elected engine leader; reconciling every {} ms and on changes", interval.toMillis());
            reconcile(); // a new view: reads everything, at a revision after our election
            long read = view.readRevision();
            startWatches(view, read > 0 ? read + 1 : store.revision() + 1);
            ticker = loop.every(interval, this::tick);
        });
    }

    @Override
    public void onDeposed() {
        loop.execute(this::standDown);
    }

    /** Asks for a pass soon; many requests while one is queued make one pass. */
    public void trigger() {
        passSoon.fire();
    }

    public boolean leading() {
        return fence.get() != null;
    }

    /** Reconcile passes run while leading, for tests and metrics. */
    public long passes() {
        return passes.get();
    }

    public long opsApplied() {
        return opsApplied.get();
    }

    /**
     * Where the last pass spent its time: reading the snapshot (in full or not), planning (with the
     * places handed early), writing the rest; and the CPU time the loop thread spent planning (steadier
     * than the wall time on a busy machine; 0 where the JVM does not measure thread CPU time).
     */
    public record PassTimings(long readMillis, long planMillis, long writeMillis, int ops, boolean fullRead,
            long planCpuMicros) {}

    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    public PassTimings lastPass() {
        return lastPass;
    }

    private void tick() {
        reconcile(++ticks % FULL_READ_EVERY_TICKS == 0);
    }

    /** One pass on the kept view; returns the snapshot revision it planned from, or 0 when it did not run. */
    long reconcile() {
        return reconcile(false);
    }

    /** One pass, on a view read in full when {@code fullRead}. Runs on the loop thread. */
    long reconcile(boolean fullRead) {
        Fence current = fence.get();
        if (current == null) {
            return 0;
        }
        long started = clock.millis();
        // the journal's FLEET_PASS field of every line this pass logs
        try (var pass = MDC.putCloseable("pass", Long.toString(passes.get() + 1))) {
            RegistrySnapshot snapshot = view.current(fullRead);
            long read = clock.millis();
            long cpuAtRead = threadCpuNanos();
            PlacementStream early = store.stream(current);
            EnginePlan plan;
            try {
                plan = planner.plan(snapshot, held(snapshot), early::send);
            } catch (RuntimeException e) {
                view.invalidate(); // some early places may have committed
                throw e;
            }
            long planned = clock.millis();
            long planCpu = threadCpuNanos() - cpuAtRead;
            if (!plan.ops().isEmpty()) {
                apply(current, plan, early);
            }
            lastPass = new PassTimings(read - started, planned - read, clock.millis() - planned, plan.ops().size(),
                    view.lastWasFullRead(), planCpu / 1_000);
            opsApplied.addAndGet(plan.ops().size());
            passes.incrementAndGet();
            metrics.passed(lastPass, plan);
            LOG.debug("pass at revision {}: {}", snapshot.revision(), lastPass);
            outage.recovered("engine passes reach etcd again");
            return snapshot.revision();
        } catch (RuntimeException e) {
            metrics.passFailed();
            failed(e);
        }
        return 0;
    }

    /** A pass that failed: stand down when the fence is lost, otherwise retry on the next tick. */
    private void failed(RuntimeException e) {
        if (e instanceof FenceLostException) {
            LOG.warn("lost the engine fence, standing down: {}", e.getMessage());
            standDown();
            return;
        }
        if (e instanceof RegistryUnavailableException) {
            contact.lost();
            outage.failed("engine pass failed, retrying on the next tick: {}", e.getMessage());
        } else if (e instanceof RegistryException) {
            LOG.warn("engine pass failed, retrying on the next tick: {}", e.getMessage());
        } else {
            LOG.error("engine pass failed unexpectedly, retrying on the next tick", e);
        }
    }

    /** Lost machines whose units stay placed for now; holds and releases are logged when they change. */
    private Map<String, String> held(RegistrySnapshot snapshot) {
        Set<String> holding = new HashSet<>();
        for (ScheduledUnit s : snapshot.schedule()) {
            holding.add(s.machineId());
        }
        MachineLossGuard.Verdict v = guard.assess(snapshot.machines().keySet(), holding, contact.cutOffSince(),
                contact.regainedAt(), clock.instant());
        Map<String, String> held = new java.util.LinkedHashMap<>(v.held());
        snapshot.machines().values().stream().filter(MachineInfo::stopping).forEach(m -> held.put(m.id(),
                "fleetd on " + m.id() + " was stopped: its units stay, new ones go elsewhere until it is back"));
        held.forEach((m, why) -> {
            if (!why.equals(lastHeld.get(m))) {
                LOG.atWarn().addKeyValue("machine", m).log("not moving the units of {}: {}", m, why);
            }
        });
        v.released().forEach(m -> LOG.atWarn().addKeyValue("machine", m).log("machine {} is lost: moving its units", m));
        lastHeld = held;
        return held;
    }

    /**
     * Waits for the places handed early, writes the rest; the view takes the writes once all
     * committed, and is read again when unsure.
     */
    private void apply(Fence current, EnginePlan plan, PlacementStream early) {
        try {
            long revision = early.finish().lastRevision();
            if (!plan.rest().isEmpty()) {
                revision = Math.max(revision, store.apply(current, plan.rest()).lastRevision());
            }
            view.applied(plan.ops(), revision);
        } catch (RuntimeException e) {
            view.invalidate(); // some batches may have committed (or still may): trust nothing kept
            metrics.writeFailed(plan);
            throw e;
        }
        plan.log(LOG);
    }

    private void startWatches(EngineView target, long fromRevision) {
        WatchListener wake = target.listener(this::trigger);
        for (String prefix : EngineView.WATCHED) {
            watches.add(store.watch(prefix, fromRevision, wake));
        }
    }

    private void standDown() {
        if (fence.getAndSet(null) == null) {
            return;
        }
        LOG.info("no longer the engine leader");
        metrics.deposed();
        if (ticker != null) {
            ticker.cancel();
            ticker = null;
        }
        watches.forEach(WatchHandle::close);
        watches.clear();
        view = null;
        planner.forget();
        guard = null;
        lastHeld = Map.of();
    }

    /** The fence in use, if leading. */
    public Optional<Fence> fence() {
        return Optional.ofNullable(fence.get());
    }

    @Override
    public void close() {
        loop.execute(this::standDown);
        loop.close(Duration.ofSeconds(5));
    }
}
