package fleet.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link LoopThread} on one daemon thread of its own, on the system clock. */
public final class DaemonLoopThread implements LoopThread {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoopThread.class);
    private static final Timer NOTHING = () -> { };

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;

    public DaemonLoopThread(String name) {
        this(name, Clock.systemUTC());
    }

    public DaemonLoopThread(String name, Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException closed) {
            LOG.debug("task after close dropped");
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        try {
            return cancellable(executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            return NOTHING;
        }
    }

    @Override
    public Timer every(Duration period, Runnable task) {
        long ms = Math.max(1, period.toMillis());
        try {
            return cancellable(executor.scheduleWithFixedDelay(guarded(task), ms, ms, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            return NOTHING;
        }
    }

    @Override
    public boolean close(Duration grace) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        return false;
    }

    private static Timer cancellable(ScheduledFuture<?> f) {
        return () -> f.cancel(false);
    }

    /** A periodic task that throws would never run again: log it and go on. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("loop task failed", e);
            }
        };
    }
}
