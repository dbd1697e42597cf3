package fleet.agent;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.constraint.ParsedUnitCache;
import fleet.loop.Backoff;
import fleet.loop.CoalescedTrigger;
import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import fleet.loop.OutageLog;
import fleet.registry.AgentStore;
import fleet.registry.KeyEvent;
import fleet.registry.MachineSchedule;
import fleet.registry.MachinePresence;
import fleet.registry.PresenceListener;
import fleet.registry.RegistryException;
import fleet.registry.RegistryUnavailableException;
import fleet.registry.WatchHandle;
import fleet.registry.WatchListener;
import fleet.systemd.SystemdException;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;
import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * The per-machine loop (fleet-v1 §3.4, §4.4): makes this machine's systemd run what its schedule in
 * etcd says and publishes systemd's states back. A pass reads the schedule and the global units at
 * one revision, plans with {@link AgentReconciler} and applies the plan with {@link AgentExecutor}.
 * Passes run once at start, after watch events on {@code schedule/<id>/}, {@code global/} and
 * {@code machine-metadata/<id>/} (coalesced), and every {@code reconcileInterval} as a safety net,
 * one at a time on the agent's own thread.
 *
 * <p>Workloads outlive the agent: {@link #close()} stops watching and publishing but never stops a
 * unit, and a new agent adopts running units whose file hash matches the schedule. While etcd is
 * unreachable nothing is changed on the host; passes are retried with backoff and the first pass
 * that reads etcd again stops whatever was moved away meanwhile.
 *
 * <p>Wiring: {@code new Agent(settings, store, presence, systemd, clock).start()}; pass the agent
 * (a {@link PresenceListener}) to the presence's registration, or not: a changed lease is also
 * noticed on the next publication. The caller keeps ownership of the registry, presence and systemd.
 */
public final class Agent implements AutoCloseable, PresenceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    /**
     * While etcd is unreachable a pass is retried at least this often, whatever the reconcile
     * interval: the first pass that reads etcd again stops the copies moved away meanwhile, and
     * a cheap failing read every half second is what keeping that under a second costs.
     */
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

    private final AgentSettings settings;
    private final AgentStore store;
    private final MachinePresence presence;
    private final SystemdManager systemd;
    private final Clock clock;
    private final OutageLog outage;
    private final UnitFiles files;
    /** Bodies read from the registry each pass, parsed once; well above the units one machine runs. */
    private final ParsedUnitCache parsedUnits = new ParsedUnitCache(4_096);
    private final AgentExecutor executor;
    private final UnitOutcomes outcomes;
    private final UnitStatePublisher publisher;
    private final CutOffStopper cutOffStopper;
    private final LoopThread thread;
    private final CoalescedTrigger passSoon;
    private final Backoff retry;
    /** systemd 247+ loads a never-loaded unit file on demand: new units skip the daemon-reload. */
    private final boolean newUnitsLoadOnDemand;
    private volatile boolean closed;
    private volatile Instant lastPass;
    // touched only on `thread`
    private final List<WatchHandle> watches = new ArrayList<>();
    private final Set<String> launched = new HashSet<>();
    private final TaskBackoff backoff = new TaskBackoff();
    private List<String> lastNotes = List.of();

    public Agent(AgentSettings settings, AgentStore store, MachinePresence presence, SystemdManager systemd,
            Clock clock) {
        this(settings, store, presence, systemd, clock, AgentMetrics.NONE);
    }

    /** An agent that reports its tasks to {@code metrics}. */
    public Agent(AgentSettings settings, AgentStore store, MachinePresence presence, SystemdManager systemd,
            Clock clock, AgentMetrics metrics) {
        this(settings, store, presence, systemd, name -> new DaemonLoopThread(name, clock), metrics);
    }

    /** An agent whose loops (passes, state publication, the cut-off stopper) run on the threads {@code threads} makes. */
    Agent(AgentSettings settings, AgentStore store, MachinePresence presence, SystemdManager systemd,
            Function<String, LoopThread> threads) {
        this(settings, store, presence, systemd, threads, AgentMetrics.NONE);
    }

    private Agent(AgentSettings settings, AgentStore store, MachinePresence presence, SystemdManager systemd,
            Function<String, LoopThread> threads, AgentMetrics metrics) {
        LoopThread thread = threads.apply("fleet-agent");
        this.settings = settings;
        this.store = store;
        this.presence = presence;
        this.systemd = systemd;
        this.clock = thread.clock();
        this.outage = new OutageLog(LOG, clock);
        this.files = new UnitFiles(settings.root(), settings.unitsDirectory());
        this.outcomes = new UnitOutcomes(store, presence, parsedUnits, clock, this::requestPass);
        this.executor = new AgentExecutor(systemd, files, settings.stopTimeout(), metrics, outcomes::startJobEnded,
                this::requestPass);
        this.publisher = new UnitStatePublisher(store, presence, systemd,
                settings.stateResyncInterval(), settings.reconcileInterval(), threads.apply("fleet-agent-states"));
        this.cutOffStopper = new CutOffStopper(presence.contact(), systemd, settings.agentTtl(),
                threads.apply("fleet-cutoff-stopper"));
        this.thread = thread;
        this.passSoon = new CoalescedTrigger(thread, this::pass);
        Duration most = settings.reconcileInterval().compareTo(MAX_BACKOFF) < 0 ? settings.reconcileInterval() : MAX_BACKOFF;
        this.retry = new Backoff(most.compareTo(MIN_BACKOFF) < 0 ? most : MIN_BACKOFF, most);
        this.newUnitsLoadOnDemand = systemd.version() >= 247;
    }

    /** Starts the loop; the first pass runs at once (in the background). */
    public void start() {
        publisher.start();
        cutOffStopper.start();
        thread.every(settings.reconcileInterval(), this::requestPass);
        requestPass();
    }

    /** Asks for a pass soon; requests made while one is queued are merged into it. */
    public void requestPass() {
        if (!closed) {
            passSoon.fire();
        }
    }

    /** When the last pass that read etcd ended, if any. */
    public Optional<Instant> lastPass() {
        return Optional.ofNullable(lastPass);
    }

    @Override
    public void onReregistered(long newLease) {
        publisher.republishAll();
    }

    private void pass() {
        if (closed) {
            return;
        }
        try {
            MachineSchedule schedule = store.machineSchedule(presence.machine().id());
            if (watches.isEmpty()) {
                openWatches(schedule.revision() + 1);
            }
            Map<String, String> metadata = store.metadataOf(presence.machine());
            reconcile(DesiredUnits.of(schedule, metadata, parsedUnits));
            retry.reset();
            outage.recovered("etcd answers again; reconciling this machine's units");
            lastPass = clock.instant();
        } catch (RegistryUnavailableException e) {
            Duration next = retry.next();
            outage.failed("etcd unreachable ({}); units keep running as they are; next try in {} ms", e.getMessage(),
                    next.toMillis());
            thread.schedule(next, this::requestPass);
        } catch (RegistryException | SystemdException | UncheckedIOException e) {
            LOG.warn("reconcile pass failed: {}; retried within {} ms", e.getMessage(),
                    settings.reconcileInterval().toMillis());
        } catch (RuntimeException e) {
            LOG.error("reconcile pass failed unexpectedly", e);
        }
    }

    private void reconcile(DesiredUnits desired) {
        if (!desired.notes().equals(lastNotes)) {
            desired.notes().forEach(n -> LOG.info("{}", n));
            lastNotes = desired.notes();
        }
        Map<String, UnitHash> onDisk = files.list();
        launched.removeAll(cutOffStopper.drainStopped()); // started again below if still placed here
        List<ExecutionReport.Failure> refused = executor.drainRefusedStarts();
        refused.forEach(f -> launched.remove(f.task().unitName())); // never started: retried below, backed off
        backoff.record(new ExecutionReport(List.of(), refused), clock.instant());
        launched.retainAll(onDisk.keySet());
        Map<String, UnitHash> present = new HashMap<>(onDisk);
        present.keySet().removeAll(desired.leaveAlone());
        Map<String, UnitState> states = systemd.states(present.keySet());
        outcomes.beforePlan(desired, present, states, launched);
        Map<String, LocalUnit> local = LocalUnits.of(present, states, launched);
        local.values().stream().filter(u -> u.state() == DesiredState.LAUNCHED).forEach(u -> launched.add(u.name()));
        cutOffStopper.guard(desired.atMostOneCopy());
        List<AgentTask> plan = AgentReconciler.plan(desired.units(), local, newUnitsLoadOnDemand);
        ExecutionReport report = executor.execute(backoff.due(plan, clock.instant()));
        backoff.record(report, clock.instant());
        for (AgentTask t : report.done()) {
            if (t instanceof AgentTask.Unload u) {
                present.remove(u.unit());
                launched.remove(u.unit());
            } else if (t instanceof AgentTask.Load l) {
                present.put(l.unit(), l.desired().hash());
            } else if (t instanceof AgentTask.Start s) {
                launched.add(s.unit());
                outcomes.started(s.unit());
            } else if (t instanceof AgentTask.Stop s) {
                launched.remove(s.unit());
            }
        }
        desired.leaveAlone().stream().filter(onDisk::containsKey).forEach(n -> present.put(n, onDisk.get(n)));
        Map<String, PublishedUnit> mine = new HashMap<>();
        java.util.Set<String> known = new HashSet<>(desired.units().keySet());
        known.addAll(present.keySet());
        backoff.retain(known);
        Map<String, String> errors = backoff.errors();
        present.forEach((name, hash) -> mine.put(name, new PublishedUnit(hash,
                launched.contains(name) ? DesiredState.LAUNCHED : DesiredState.LOADED, errors.get(name),
                outcomes.completed(name, hash, present.keySet()))));
        // a unit that could not even be loaded is published too, with systemd's view of it and why
        errors.forEach((name, why) -> {
            DesiredUnit d = desired.units().get(name);
            if (!mine.containsKey(name) && d != null) {
                mine.put(name, new PublishedUnit(d.body().hash(), DesiredState.LOADED, why));
            }
        });
        publisher.track(mine);
        outcomes.publishFailures();
    }

    private void openWatches(long fromRevision) {
        String id = presence.machine().id();
        WatchListener wake = new WatchListener() {
            @Override
            public void onEvents(List<KeyEvent> events) {
                requestPass();
            }

            @Override
            public void resync(long revision) {
                requestPass();
            }
        };
        for (String prefix : List.of("schedule/" + id + "/", "global/", "machine-metadata/" + id + "/")) {
            watches.add(store.watch(prefix, fromRevision, wake));
        }
    }

    /**
     * Stops watching, reconciling and publishing, and returns without stopping any unit: they keep
     * running, and their states stay in etcd until the lease is revoked or expires.
     */
    @Override
    public void close() {
        closed = true;
        if (!thread.close(settings.stopTimeout().plusSeconds(5))) {
            LOG.warn("agent pass still running at close; interrupted");
        }
        cutOffStopper.close();
        watches.forEach(WatchHandle::close);
        watches.clear();
        publisher.close();
    }
}
