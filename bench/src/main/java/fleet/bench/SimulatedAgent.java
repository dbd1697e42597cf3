package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fleet.registry.EtcdRegistry;
import fleet.registry.KeyEvent;
import fleet.registry.MachineInfo;
import fleet.registry.MachineSchedule;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.RegistryException;
import fleet.registry.ScheduleRecord;
import fleet.registry.UnitStateRecord;
import fleet.registry.WatchHandle;
import fleet.registry.WatchListener;
import fleet.unit.DesiredState;

/**
 * One machine without systemd: fleetd's own presence (lease, keep-alive every TTL/3), a watch on its
 * {@code schedule/<id>/}, and its units' states published on its lease through the agent's port, as
 * fleetd's agent does. A unit scheduled {@code launched} "starts" by being published active at once;
 * {@code loaded} is published loaded; anything no longer scheduled has its state removed.
 */
final class SimulatedAgent implements WatchListener, PresenceListener, AutoCloseable {
    private final EtcdRegistry store;
    private final MachineInfo info;
    private final Duration ttl;
    /** What this agent last published, by unit name; touched only under this object's lock. */
    private final Map<String, UnitStateRecord> published = new HashMap<>();
    private Presence presence;
    private WatchHandle watch;
    private volatile boolean passFailed;
    private boolean gone;

    SimulatedAgent(EtcdRegistry store, String machineId, Duration ttl) {
        this.store = store;
        this.info = new MachineInfo(machineId, "127.0.0.1", Map.of(), "bench", new MachineInfo.Capacity(0, 0), true);
        this.ttl = ttl;
    }

    String id() {
        return info.id();
    }

    /** Registers, publishes what is already scheduled here, then watches the schedule from the revision after. */
    void start() {
        presence = store.register(info, ttl, this);
        long revision = pass();
        watch = store.watch("schedule/" + info.id() + "/", revision + 1, this);
    }

    @Override
    public void onEvents(List<KeyEvent> events) {
        pass();
    }

    @Override
    public void resync(long revision) {
        pass();
    }

    @Override
    public synchronized void onReregistered(long newLease) {
        published.clear(); // the states went with the old lease
        pass();
    }

    /** Runs the pass again when the last one failed (etcd too slow to answer). */
    void retryIfFailed() {
        if (passFailed) {
            pass();
        }
    }

    /** One reconcile: the schedule at one revision against what is published; returns that revision (0 on failure). */
    private synchronized long pass() {
        try {
            MachineSchedule s = store.machineSchedule(info.id());
            Map<String, UnitStateRecord> wanted = new HashMap<>();
            for (ScheduleRecord r : s.scheduled()) {
                if (r.desiredState() == DesiredState.LAUNCHED) {
                    wanted.put(r.name(), new UnitStateRecord(r.name(), r.hash(), info.id(), "loaded", "active", "running", "launched"));
                } else if (r.desiredState() == DesiredState.LOADED) {
                    wanted.put(r.name(), new UnitStateRecord(r.name(), r.hash(), info.id(), "loaded", "inactive", "dead", "loaded"));
                }
            }
            List<UnitStateRecord> changed = wanted.values().stream().filter(w -> !w.equals(published.get(w.name()))).toList();
            List<String> removed = new ArrayList<>(published.keySet().stream().filter(n -> !wanted.containsKey(n)).toList());
            if (!changed.isEmpty() || !removed.isEmpty()) {
                store.publishStates(presence, changed, removed);
                published.clear();
                published.putAll(wanted);
            }
            passFailed = false;
            return s.revision();
        } catch (RegistryException e) {
            passFailed = true;
            return 0;
        }
    }

    /** The machine dies: its lease is revoked, which deletes its presence and every state on it at once. */
    void lose() {
        close();
    }

    /** The end of the benchmark: stop watching and revoke the lease. */
    @Override
    public synchronized void close() {
        if (gone) {
            return;
        }
        gone = true;
        if (watch != null) {
            watch.close();
        }
        if (presence != null) {
            presence.close();
        }
    }
}
