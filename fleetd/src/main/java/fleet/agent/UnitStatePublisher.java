package fleet.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.Backoff;
import fleet.loop.CoalescedTrigger;
import fleet.loop.LoopThread;
import fleet.loop.OutageLog;
import fleet.registry.AgentStore;
import fleet.registry.MachinePresence;
import fleet.registry.RegistryException;
import fleet.registry.RegistryUnavailableException;
import fleet.registry.UnitStateRecord;
import fleet.systemd.SystemdException;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;

/**
 * Publishes the systemd state of the agent's units to {@code states/<unit>/<machine>} on the
 * machine's lease. Changes come from systemd's signals (no polling); a resync every
 * {@code agent_ttl*4/5} reads them all with one ListUnitsByNames as a safety net. Nothing is
 * written twice: a record equal to the last one published is skipped. When etcd is unreachable the
 * latest state of each unit is kept and written on a retry with backoff; when the lease changed
 * (the presence registered again) everything is published anew. All work runs on one thread.
 */
final class UnitStatePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnitStatePublisher.class);
    private static final Duration MIN_RETRY = Duration.ofMillis(500);

    private final AgentStore store;
    private final MachinePresence presence;
    private final SystemdManager systemd;
    private final Duration resyncEvery;
    private final LoopThread thread;
    private final OutageLog outage;
    /** Flushes queued behind the signals already queued: a burst of them is published in one transaction. */
    private final CoalescedTrigger flushSoon;
    private final Backoff retryDelay;
    // touched only on `thread`
    private final Map<String, PublishedUnit> units = new HashMap<>();
    private final Map<String, UnitState> systemdStates = new HashMap<>();
    private final Map<String, UnitStateRecord> published = new HashMap<>();
    private final TreeSet<String> dirty = new TreeSet<>();
    private long lease;
    private boolean retryQueued;
    private AutoCloseable subscription;
    private volatile boolean closed;

    UnitStatePublisher(AgentStore store, MachinePresence presence, SystemdManager systemd, Duration resyncEvery,
            Duration maxRetry, LoopThread thread) {
        this.store = store;
        this.presence = presence;
        this.systemd = systemd;
        this.resyncEvery = resyncEvery;
        this.retryDelay = new Backoff(MIN_RETRY, maxRetry.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : maxRetry);
        this.lease = presence.lease();
        this.thread = thread;
        this.outage = new OutageLog(LOG, thread.clock());
        this.flushSoon = new CoalescedTrigger(thread, this::flush);
    }

    void start() {
        subscription = systemd.subscribe((name, state) -> post(() -> onState(name, state)));
        thread.every(resyncEvery, this::resync);
    }

    /** The agent's units after a pass, complete: units missing from {@code now} have been unloaded. */
    void track(Map<String, PublishedUnit> now) {
        Map<String, PublishedUnit> copy = Map.copyOf(now);
        post(() -> {
            List<String> added = copy.keySet().stream().filter(n -> !units.containsKey(n)).toList();
            for (String gone : List.copyOf(units.keySet())) {
                if (!copy.containsKey(gone)) {
                    units.remove(gone);
                    systemdStates.remove(gone);
                    dirty.add(gone);
                }
            }
            copy.forEach((name, u) -> {
                if (!u.equals(units.put(name, u))) {
                    dirty.add(name);
                }
            });
            readStates(added);
            flush();
        });
    }

    /** The lease was replaced: every state went with the old one. */
    void republishAll() {
        post(() -> {
            published.clear();
            dirty.addAll(units.keySet());
            flush();
        });
    }

    private void onState(String name, UnitState state) {
        if (units.containsKey(name) && !state.equals(systemdStates.put(name, state))) {
            dirty.add(name);
            flushSoon.fire();
        }
    }

    private void resync() {
        readStates(List.copyOf(units.keySet()));
        flush();
    }

    private void readStates(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        try {
            systemd.states(names).forEach((name, state) -> {
                if (units.containsKey(name) && !state.equals(systemdStates.put(name, state))) {
                    dirty.add(name);
                }
            });
        } catch (SystemdException e) {
            LOG.warn("cannot read unit states from systemd: {}", e.getMessage());
        }
    }

    private void flush() {
        if (presence.lease() != lease) {
            LOG.info("lease changed ({} to {}): publishing every unit state again", Long.toHexString(lease),
                    Long.toHexString(presence.lease()));
            lease = presence.lease();
            published.clear();
            dirty.addAll(units.keySet());
        }
        if (dirty.isEmpty() || closed) {
            return;
        }
        List<UnitStateRecord> puts = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (String name : dirty) {
            pending(name, puts, removes);
        }
        try {
            store.publishStates(presence, puts, removes);
            puts.forEach(r -> published.put(r.name(), r));
            removes.forEach(published::remove);
        } catch (RegistryUnavailableException e) {
            scheduleRetry(e);
            return;
        } catch (RegistryException e) {
            LOG.warn("{} unit state(s) not published: {}", puts.size() + removes.size(), e.getMessage());
        }
        dirty.clear();
        retryDelay.reset();
        outage.recovered("unit states published again");
    }

    /** What publishing {@code name} takes now: a record to put, a key to remove, or nothing. */
    private void pending(String name, List<UnitStateRecord> puts, List<String> removes) {
        PublishedUnit unit = units.get(name);
        UnitState state = systemdStates.get(name);
        if (unit == null) {
            // removed even when this process never published it: a previous one may have
            removes.add(name);
            return;
        }
        if (state == null) {
            return; // published once systemd reports it
        }
        UnitStateRecord record = new UnitStateRecord(name, unit.hash(), presence.machine().id(), state.load(),
                state.active(), unit.completed() && state.active().equals("inactive") ? "completed" : state.sub(),
                unit.agentState().wireName(), unit.agentError());
        if (!record.equals(published.get(name))) {
            puts.add(record);
        }
    }

    private void scheduleRetry(RegistryUnavailableException e) {
        if (!closed && !retryQueued) {
            Duration delay = retryDelay.next();
            outage.failed("unit states not published ({}); {} pending, retrying in {} ms", e.getMessage(), dirty.size(),
                    delay.toMillis());
            retryQueued = true;
            thread.schedule(delay, () -> {
                retryQueued = false;
                flush();
            });
        }
    }

    private void post(Runnable r) {
        thread.execute(r);
    }

    /** Stops publishing; the states stay in etcd until the lease expires or is revoked. */
    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("unsubscribing from systemd: {}", e.getMessage());
            }
        }
        closed = true;
        // a write in flight may finish; nothing new starts
        thread.close(Duration.ofSeconds(5));
    }
}
