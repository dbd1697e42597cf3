package fleet.cli.command;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A request sent on a thread of its own while the command sends another, so that a listing that
 * needs two (list-units: the states, and the machines for their IPs) waits for the slower one, not
 * for both one after the other. Its failure is thrown where the value is taken, as if sent there.
 */
final class Prefetch<T> {
    private final FutureTask<T> task;

    private Prefetch(Supplier<T> request) {
        this.task = new FutureTask<>(request::get);
    }

    static <T> Prefetch<T> start(Supplier<T> request) {
        Prefetch<T> prefetch = new Prefetch<>(request);
        Thread thread = new Thread(prefetch.task, "fleetctl-prefetch");
        thread.setDaemon(true);
        thread.start();
        return prefetch;
    }

    T get() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted");
        }
    }
}
