package fleet.loop;

import java.time.Clock;
import java.time.Duration;

/**
 * The one thread a background loop runs on (the engine, the agent, the state publisher, presence,
 * a watch): tasks run one at a time, in order, on time by {@link #clock()}. {@link DaemonLoopThread}
 * is the real one; tests run the same loops in simulated time. Tasks handed in after
 * {@link #close} are dropped: late callbacks have nothing left to do.
 */
public interface LoopThread extends AutoCloseable {
    /** The time this thread keeps; loops read the time from it, never from the system. */
    Clock clock();

    /** Runs {@code task} soon, after the tasks already handed in. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay}. */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, the first time one period from now (fixed delay). */
    Timer every(Duration period, Runnable task);

    /**
     * Stops: tasks handed to {@link #execute} before still run, delayed and periodic ones never do;
     * waits up to {@code grace} for that, then interrupts. True if everything finished in time.
     */
    boolean close(Duration grace);

    @Override
    default void close() {
        close(Duration.ofSeconds(5));
    }

    /** A scheduled task that can be cancelled. */
    interface Timer {
        void cancel();
    }
}
