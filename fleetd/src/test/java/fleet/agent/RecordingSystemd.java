package fleet.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import fleet.systemd.JobResult;
import fleet.systemd.SystemdException;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;
import fleet.systemd.UnitStateListener;

/**
 * A stand-in for systemd for testing the logic above {@link SystemdManager} only: it records calls
 * ("link /run/fleet/units/a.service", "start a.service", ...), fails the calls it is told to, and
 * answers states from a map the test fills. The real thing is tested in the lab tests.
 */
final class RecordingSystemd implements SystemdManager {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Set<String> failing = new HashSet<>();
    /** Calls sent fine whose reply is a refusal, once each (as the bus refuses a call over its pending-reply limit). */
    final Set<String> refusedInReply = new HashSet<>();
    final Map<String, String> jobResults = new HashMap<>();
    final Map<String, UnitState> states = new HashMap<>();
    final List<UnitStateListener> listeners = new CopyOnWriteArrayList<>();
    int statesCalls;

    private void call(String call) {
        calls.add(call);
        if (failing.contains(call)) {
            throw new SystemdException("refused " + call);
        }
    }

    private CompletableFuture<JobResult> job(String kind, String unit) {
        call(kind + " " + unit);
        if (refusedInReply.remove(kind + " " + unit)) {
            return CompletableFuture.failedFuture(new SystemdException("refused " + kind + " " + unit + " in its reply"));
        }
        return CompletableFuture.completedFuture(
                new JobResult(unit, "/job/1", jobResults.getOrDefault(kind + " " + unit, "done")));
    }

    @Override
    public void linkRuntime(Path unitFile) {
        call("link " + unitFile);
    }

    @Override
    public void enableRuntime(List<String> unitNames) {
        call("enable " + String.join(",", unitNames));
    }

    @Override
    public void disableRuntime(List<String> unitNames) {
        call("disable " + String.join(",", unitNames));
    }

    @Override
    public void reload() {
        call("reload");
    }

    @Override
    public CompletableFuture<JobResult> start(String unitName) {
        return job("start", unitName);
    }

    @Override
    public CompletableFuture<JobResult> stop(String unitName) {
        return job("stop", unitName);
    }

    @Override
    public void resetFailed(String unitName) {
        call("reset-failed " + unitName);
    }

    @Override
    public synchronized Map<String, UnitState> states(Collection<String> unitNames) {
        statesCalls++;
        Map<String, UnitState> out = new HashMap<>();
        for (String n : unitNames) {
            out.put(n, states.getOrDefault(n, new UnitState("not-found", "inactive", "dead")));
        }
        return out;
    }

    synchronized void setState(String unit, UnitState state) {
        states.put(unit, state);
    }

    /** Delivers a state change as the D-Bus signal would. */
    void signal(String unit, UnitState state) {
        setState(unit, state);
        listeners.forEach(l -> l.stateChanged(unit, state));
    }

    @Override
    public OptionalLong mainPid(String unitName) {
        return OptionalLong.empty();
    }

    @Override
    public int version() {
        return 252;
    }

    @Override
    public AutoCloseable subscribe(UnitStateListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        calls.add("close");
    }

    List<String> callsSoFar() {
        return new ArrayList<>(calls);
    }
}
