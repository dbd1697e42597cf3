package fleet.systemd;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Matches JobRemoved signals to the start/stop calls that queued the jobs. systemd may send
 * JobRemoved before the StartUnit reply arrives, so both sides fill one map keyed by job path:
 * whoever comes first creates the future, the other completes or takes it. Signals for jobs that
 * no call of ours is waiting for (dependencies, other clients) are dropped unless a call for the
 * same unit is in flight, so the map stays small.
 */
final class JobTracker {
    private final Map<String, CompletableFuture<JobResult>> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByUnit = new ConcurrentHashMap<>();

    /** Runs the call that queues a job and returns a future of that job's end. */
    CompletableFuture<JobResult> track(String unitName, Supplier<String> queueJob) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        return track(unitName, reply, () -> reply.complete(queueJob.get()));
    }

    /**
     * Sends the call that queues a job ({@code send}), whose reply completes {@code jobPath} later,
     * and returns a future of that job's end: calls to systemd need not wait for each other.
     */
    CompletableFuture<JobResult> track(String unitName, CompletableFuture<String> jobPath, Runnable send) {
        AtomicInteger inFlight = inFlightByUnit.computeIfAbsent(unitName, u -> new AtomicInteger());
        inFlight.incrementAndGet();
        CompletableFuture<JobResult> out = new CompletableFuture<>();
        jobPath.whenComplete((path, failed) -> {
            try {
                if (failed != null) {
                    out.completeExceptionally(failed);
                    return;
                }
                CompletableFuture<JobResult> done = jobs.computeIfAbsent(path, p -> new CompletableFuture<>());
                done.whenComplete((r, e) -> {
                    jobs.remove(path, done);
                    if (e != null) {
                        out.completeExceptionally(e);
                    } else {
                        out.complete(r);
                    }
                });
            } finally {
                // only once the path is in the map: a JobRemoved before the reply finds its future
                if (inFlight.decrementAndGet() == 0) {
                    inFlightByUnit.remove(unitName, inFlight);
                }
            }
        });
        try {
            send.run();
        } catch (RuntimeException e) {
            jobPath.completeExceptionally(e);
            throw e;
        }
        return out;
    }

    /** Called for every JobRemoved signal. */
    void jobRemoved(String unitName, String jobPath, String result) {
        JobResult r = new JobResult(unitName, jobPath, result);
        CompletableFuture<JobResult> waiting = jobs.get(jobPath);
        if (waiting == null && inFlightByUnit.containsKey(unitName)) {
            // the reply to StartUnit/StopUnit has not arrived yet: leave the result for it
            waiting = jobs.computeIfAbsent(jobPath, p -> new CompletableFuture<>());
        }
        if (waiting != null) {
            waiting.complete(r);
        }
    }

    /** Fails every pending job future (the connection is closing). */
    void abandonAll(Throwable why) {
        jobs.values().forEach(f -> f.completeExceptionally(why));
        jobs.clear();
    }

    int pending() {
        return jobs.size();
    }
}
