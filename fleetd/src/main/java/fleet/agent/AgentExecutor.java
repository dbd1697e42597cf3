package fleet.agent;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import fleet.observe.Timing;
import fleet.systemd.JobResult;
import fleet.systemd.SystemdException;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;

/**
 * Carries out an {@link AgentReconciler} plan on this host's systemd (fleet-v1 §3.4), task by task.
 * A failed task skips only the later tasks of the same unit (one unit systemd cannot load never stops
 * the others); a failed daemon-reload skips the rest of the plan, since every later task may need
 * it. What was skipped is planned again on the next pass. Start and Stop queue
 * a job and do not wait for it (a slow unit must not hold up the others); Unload waits for its stop
 * job, because the unit's file is removed only once the stop has succeeded (fleet #1216).
 */
public final class AgentExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(AgentExecutor.class);

    private final SystemdManager systemd;
    private final UnitFiles files;
    private final Duration stopTimeout;
    private final AgentMetrics metrics;
    private final Consumer<JobResult> startJobEnded;
    private final Runnable startRefused;
    private final Queue<ExecutionReport.Failure> refusedStarts = new ConcurrentLinkedQueue<>();

    public AgentExecutor(SystemdManager systemd, UnitFiles files, Duration stopTimeout) {
        this(systemd, files, stopTimeout, AgentMetrics.NONE);
    }

    /** An executor that reports each task's duration and failure to {@code metrics}. */
    public AgentExecutor(SystemdManager systemd, UnitFiles files, Duration stopTimeout, AgentMetrics metrics) {
        this(systemd, files, stopTimeout, metrics, r -> { }, () -> { });
    }

    /**
     * @param startJobEnded told how each start job ended (a oneshot's ends when its process exited)
     * @param startRefused told when systemd refused a StartUnit call after its task was reported done
     *        (from systemd's thread): the refusal waits in {@link #drainRefusedStarts} for the next pass
     */
    public AgentExecutor(SystemdManager systemd, UnitFiles files, Duration stopTimeout, AgentMetrics metrics,
            Consumer<JobResult> startJobEnded, Runnable startRefused) {
        this.systemd = systemd;
        this.files = files;
        this.stopTimeout = stopTimeout;
        this.metrics = metrics;
        this.startJobEnded = startJobEnded;
        this.startRefused = startRefused;
    }

    /**
     * Start tasks whose StartUnit call systemd refused (no job was queued, so the unit was not
     * launched) since the last call: a pass records them as failures, to be retried with backoff.
     */
    public List<ExecutionReport.Failure> drainRefusedStarts() {
        List<ExecutionReport.Failure> out = new ArrayList<>();
        for (ExecutionReport.Failure f; (f = refusedStarts.poll()) != null;) {
            out.add(f);
        }
        return out;
    }

    public ExecutionReport execute(List<AgentTask> plan) {
        List<AgentTask> done = new ArrayList<>();
        List<ExecutionReport.Failure> failures = new ArrayList<>();
        java.util.Set<String> failedUnits = new java.util.HashSet<>();
        for (AgentTask task : plan) {
            if (failedUnits.contains(task.unitName())) {
                continue;
            }
            Timing timing = metrics.task(task);
            // the journal's FLEET_UNIT field of every line logged while the task runs
            try (var unit = task.unitName().isEmpty() ? null : MDC.putCloseable("unit", task.unitName())) {
                LOG.info("{}: {}", task.label(), task.reason());
                run(task);
                timing.ended(false);
            } catch (SystemdException | UncheckedIOException | TaskFailedException e) {
                timing.ended(true);
                failures.add(new ExecutionReport.Failure(task, e.getMessage()));
                if (task instanceof AgentTask.ReloadUnitFiles) {
                    LOG.warn("{} failed: {}; the remaining tasks wait for the next pass", task.label(), e.getMessage());
                    break;
                }
                LOG.warn("{} failed: {}; {}'s other tasks wait for the next pass, other units go on", task.label(),
                        e.getMessage(), task.unitName());
                failedUnits.add(task.unitName());
                continue;
            }
            done.add(task);
        }
        return new ExecutionReport(done, failures);
    }

    private void run(AgentTask task) {
        if (task instanceof AgentTask.Load l) {
            load(l);
        } else if (task instanceof AgentTask.Unload u) {
            unload(u.unit());
        } else if (task instanceof AgentTask.ReloadUnitFiles) {
            systemd.reload();
        } else if (task instanceof AgentTask.Start s) {
            systemd.start(s.unit()).whenComplete((r, e) -> {
                logJob("start", s.unit(), r, e);
                if (r != null) {
                    startJobEnded.accept(r);
                } else {
                    refusedStarts.add(new ExecutionReport.Failure(task, e.getMessage()));
                    startRefused.run();
                }
            });
        } else if (task instanceof AgentTask.Stop s) {
            systemd.stop(s.unit()).whenComplete((r, e) -> logJob("stop", s.unit(), r, e));
        }
    }

    private void load(AgentTask.Load l) {
        Path path = files.write(l.unit(), l.desired().body());
        try {
            systemd.linkRuntime(path);
            if (l.desired().body().hasSection("Install")) {
                systemd.enableRuntime(List.of(l.unit()));
            }
        } catch (SystemdException e) {
            // leave nothing half-loaded: without its file the unit is loaded again next pass
            quietly(() -> systemd.disableRuntime(List.of(l.unit())));
            files.delete(l.unit());
            throw e;
        }
    }

    private void unload(String unit) {
        UnitState state = systemd.states(List.of(unit)).get(unit);
        boolean known = state != null && !"not-found".equals(state.load());
        if (known) {
            JobResult r = await(systemd.stop(unit), unit);
            if (!r.succeeded()) {
                throw new TaskFailedException("stop job of " + unit + " ended with " + r.result()
                        + "; its file is kept");
            }
        }
        systemd.disableRuntime(List.of(unit));
        systemd.resetFailed(unit);
        files.delete(unit);
    }

    private JobResult await(CompletableFuture<JobResult> job, String unit) {
        try {
            return job.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailedException("interrupted while stopping " + unit);
        } catch (TimeoutException e) {
            throw new TaskFailedException("stop of " + unit + " not finished after " + stopTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new TaskFailedException("stop of " + unit + " failed: " + e.getCause().getMessage());
        }
    }

    private static void logJob(String what, String unit, JobResult r, Throwable e) {
        if (e != null) {
            LOG.warn("{} job of {} failed: {}", what, unit, e.getMessage());
        } else if (!r.succeeded()) {
            LOG.warn("{} job of {} ended with {}", what, unit, r.result());
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (SystemdException e) {
            LOG.debug("cleanup after a failed load: {}", e.getMessage());
        }
    }

    /** A task failed without an exception from below (a job result, a timeout). */
    static final class TaskFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskFailedException(String message) {
            super(message);
        }
    }
}
