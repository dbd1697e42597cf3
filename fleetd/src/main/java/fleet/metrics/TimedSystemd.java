package fleet.metrics;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import fleet.observe.Timing;
import fleet.systemd.JobResult;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;
import fleet.systemd.UnitStateListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A {@link SystemdManager} that times each D-Bus call of the one it wraps, labelled by systemd's
 * method name. Start and stop are timed until systemd has queued the job, not until it ends.
 */
final class TimedSystemd implements SystemdManager {
    static final List<String> METHODS = List.of("LinkUnitFiles", "EnableUnitFiles", "DisableUnitFiles", "Reload",
            "StartUnit", "StopUnit", "ResetFailedUnit", "ListUnitsByNames", "MainPID");

    private final SystemdManager systemd;
    private final LabelledMeters<Timer> calls;
    private final LabelledMeters<Counter> errors;

    TimedSystemd(SystemdManager systemd, MeterRegistry r) {
        this.systemd = systemd;
        calls = new LabelledMeters<>(METHODS, m -> Timer.builder("fleet.systemd.call")
                .description("Calls to systemd over D-Bus, by method.").serviceLevelObjectives(Timings.CALL_BUCKETS)
                .tag("method", m).register(r));
        errors = new LabelledMeters<>(METHODS, m -> Counter.builder("fleet.systemd.call.errors")
                .description("Calls to systemd that failed, by method.").tag("method", m).register(r));
    }

    private <T> T call(String method, Supplier<T> body) {
        Timing timing = Timings.start(calls.get(method), errors.get(method));
        boolean failed = true;
        try {
            T result = body.get();
            failed = false;
            return result;
        } finally {
            timing.ended(failed);
        }
    }

    private void run(String method, Runnable body) {
        call(method, () -> {
            body.run();
            return null;
        });
    }

    @Override
    public void linkRuntime(Path unitFile) {
        run("LinkUnitFiles", () -> systemd.linkRuntime(unitFile));
    }

    @Override
    public void enableRuntime(List<String> unitNames) {
        run("EnableUnitFiles", () -> systemd.enableRuntime(unitNames));
    }

    @Override
    public void disableRuntime(List<String> unitNames) {
        run("DisableUnitFiles", () -> systemd.disableRuntime(unitNames));
    }

    @Override
    public void reload() {
        run("Reload", systemd::reload);
    }

    @Override
    public CompletableFuture<JobResult> start(String unitName) {
        return call("StartUnit", () -> systemd.start(unitName));
    }

    @Override
    public CompletableFuture<JobResult> stop(String unitName) {
        return call("StopUnit", () -> systemd.stop(unitName));
    }

    @Override
    public void resetFailed(String unitName) {
        run("ResetFailedUnit", () -> systemd.resetFailed(unitName));
    }

    @Override
    public Map<String, UnitState> states(Collection<String> unitNames) {
        return call("ListUnitsByNames", () -> systemd.states(unitNames));
    }

    @Override
    public OptionalLong mainPid(String unitName) {
        return call("MainPID", () -> systemd.mainPid(unitName));
    }

    @Override
    public AutoCloseable subscribe(UnitStateListener listener) {
        return systemd.subscribe(listener);
    }

    @Override
    public int version() {
        return systemd.version();
    }

    @Override
    public void close() {
        systemd.close();
    }
}
