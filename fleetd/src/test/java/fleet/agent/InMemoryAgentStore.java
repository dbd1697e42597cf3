package fleet.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import fleet.registry.AgentStore;
import fleet.registry.EtcdContact;
import fleet.registry.KeyEvent;
import fleet.registry.MachineInfo;
import fleet.registry.MachinePresence;
import fleet.registry.MachineSchedule;
import fleet.registry.RegistryUnavailableException;
import fleet.registry.ScheduleRecord;
import fleet.registry.UnitStateRecord;
import fleet.registry.WatchHandle;
import fleet.registry.WatchListener;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * An agent's port held in memory, for tests of the agent's loop in simulated time: one machine's
 * schedule that the test edits (each edit wakes the watches on {@code schedule/<id>/} at once), the
 * states the agent publishes, and a switch that makes every call fail as an unreachable etcd does.
 */
final class InMemoryAgentStore implements AgentStore, MachinePresence {
    private final MachineInfo machine;
    private final EtcdContact contact;
    private final Map<String, ScheduleRecord> schedule = new TreeMap<>();
    private final Map<UnitHash, UnitFile> bodies = new HashMap<>();
    private final Map<String, UnitStateRecord> published = new TreeMap<>();
    private final Map<String, List<Long>> failures = new TreeMap<>();
    private final Map<String, fleet.registry.CompletionRecord> completions = new TreeMap<>();
    private final List<WatchListener> scheduleWatches = new CopyOnWriteArrayList<>();
    private long revision = 1;
    private boolean unreachable;

    InMemoryAgentStore(MachineInfo machine, EtcdContact contact) {
        this.machine = machine;
        this.contact = contact;
    }

    synchronized void schedule(String name, UnitFile body, DesiredState state) {
        bodies.put(body.hash(), body);
        schedule.put(name, new ScheduleRecord(name, body.hash(), state));
        changed(KeyEvent.Type.PUT, name);
    }

    synchronized void unschedule(String name) {
        schedule.remove(name);
        changed(KeyEvent.Type.DELETE, name);
    }

    /** While unreachable, every call fails as over an etcd that does not answer (and no watch delivers). */
    synchronized void unreachable(boolean now) {
        unreachable = now;
    }

    synchronized Map<String, List<Long>> failures() {
        return new TreeMap<>(failures);
    }

    synchronized Map<String, UnitStateRecord> published() {
        return new TreeMap<>(published);
    }

    private void changed(KeyEvent.Type type, String name) {
        KeyEvent e = new KeyEvent(type, "schedule/" + machine.id() + "/" + name, "", ++revision);
        if (!unreachable) {
            scheduleWatches.forEach(w -> w.onEvents(List.of(e)));
        }
    }

    private void answer(String what) {
        if (unreachable) {
            throw new RegistryUnavailableException(what + ": etcd did not answer", null);
        }
    }

    @Override
    public synchronized MachineSchedule machineSchedule(String machineId) {
        answer("read schedule/" + machineId + "/");
        return new MachineSchedule(revision, machineId, new ArrayList<>(schedule.values()), List.of(), bodies);
    }

    @Override
    public synchronized Map<String, String> metadataOf(MachineInfo self) {
        answer("read machine-metadata/");
        return self.metadata();
    }

    @Override
    public WatchHandle watch(String prefix, long fromRevision, WatchListener listener) {
        if (!prefix.startsWith("schedule/")) {
            return () -> { };
        }
        scheduleWatches.add(listener);
        return () -> scheduleWatches.remove(listener);
    }

    @Override
    public synchronized void publishStates(MachinePresence presence, List<UnitStateRecord> states, List<String> removed) {
        answer("publish states");
        states.forEach(s -> published.put(s.name(), s));
        removed.forEach(published::remove);
    }

    @Override
    public synchronized void publishCompletion(fleet.registry.CompletionRecord completion) {
        answer("publish completion");
        completions.put(completion.unit(), completion);
    }

    @Override
    public synchronized void publishFailures(MachinePresence presence, Map<String, List<Long>> failedAt,
            List<String> removed) {
        answer("publish failures");
        failures.putAll(failedAt);
        removed.forEach(failures::remove);
    }

    @Override
    public MachineInfo machine() {
        return machine;
    }

    @Override
    public long lease() {
        return 1;
    }

    @Override
    public EtcdContact contact() {
        return contact;
    }
}
