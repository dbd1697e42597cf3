package fleet.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The agent's single-thread loops: daemon threads, and a shutdown that waits for a running task, never a queued retry. */
final class AgentThreads {
    private AgentThreads() {}

    static ScheduledThreadPoolExecutor single(String name) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return t;
    }

    /** Lets a running task finish for up to {@code grace}, then interrupts it; true if it finished. */
    static boolean shutdown(ScheduledThreadPoolExecutor t, Duration grace) {
        t.shutdown();
        try {
            if (t.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        t.shutdownNow();
        return false;
    }
}
