package fleet.cli.command;

import fleet.cli.api.FleetApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs one request (or a few) per unit, at most {@code limit} at a time, and hands the outcomes back
 * in the units' order, so that output stays in argument order however the requests complete.
 * Workers take units in order, so a unit is skipped only after a failure that stops the rest, and
 * only if it comes after that failure.
 */
final class Fanout {
    /** Requests in flight at once: enough to hide the API's latency, few enough not to swamp fleetd. */
    static final int IN_FLIGHT = 16;

    /** One unit's outcome: a value, a failure, or nothing when it was never tried. */
    record Outcome<R>(R value, RuntimeException failure, boolean skipped) {
        boolean ok() {
            return !skipped && failure == null;
        }

        /** The value, or the failure thrown. */
        R get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** When to stop starting new units after a failure. */
    enum Stop {
        /** Never: every unit is tried. */
        NEVER,
        /** After any failure of the API (the command gives up on the first one anyway). */
        ON_API_ERROR,
        /** Only when the API could not be reached: a refusal of one unit does not stop the others. */
        ON_UNREACHABLE;

        boolean stops(RuntimeException e) {
            return switch (this) {
                case NEVER -> false;
                case ON_API_ERROR -> e instanceof FleetApiException;
                case ON_UNREACHABLE -> e instanceof FleetApiException fe && fe.status() == 0;
            };
        }
    }

    private final int limit;
    private final Progress progress;

    /** {@code progress} is redrawn (on a terminal only) when there are more units than one wave. */
    Fanout(int limit, Progress progress) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.progress = progress;
    }

    /** The same bound without progress: for callers that draw their own. */
    Fanout quiet() {
        return new Fanout(limit, null);
    }

    <T, R> List<Outcome<R>> map(List<T> items, Stop stop, String what, Function<T, R> task) {
        int n = items.size();
        AtomicReferenceArray<Outcome<R>> done = new AtomicReferenceArray<>(n);
        Worker<T, R> worker = new Worker<>(items, task, stop, done, n > limit ? progress : null, what);
        int threads = Math.min(limit, n);
        if (threads <= 1) {
            worker.run(); // one unit: no thread to start
        } else {
            startAndJoin(worker, threads);
        }
        worker.rethrowError();
        if (progress != null) {
            progress.clear();
        }
        List<Outcome<R>> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Outcome<R> o = done.get(i);
            outcomes.add(o == null ? new Outcome<>(null, null, true) : o);
        }
        return outcomes;
    }

    private static void startAndJoin(Runnable worker, int threads) {
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(worker, "fleetctl-request-" + i);
            t.setDaemon(true); // an interrupted fleetctl must not wait for them
            t.start();
            started.add(t);
        }
        try {
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while waiting for the API");
        }
    }

    /** The loop every thread runs: take the next unit in order, run its task, record the outcome. */
    private static final class Worker<T, R> implements Runnable {
        private final List<T> items;
        private final Function<T, R> task;
        private final Stop stop;
        private final AtomicReferenceArray<Outcome<R>> done;
        private final Progress progress;
        private final String what;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile boolean stopped;
        private volatile Throwable error;

        Worker(List<T> items, Function<T, R> task, Stop stop, AtomicReferenceArray<Outcome<R>> done,
                Progress progress, String what) {
            this.items = items;
            this.task = task;
            this.stop = stop;
            this.done = done;
            this.progress = progress;
            this.what = what;
        }

        @Override
        public void run() {
            // the flag is read before taking an index: a unit taken before a failure is always run
            while (!stopped && error == null) {
                int i = next.getAndIncrement();
                if (i >= items.size()) {
                    return;
                }
                try {
                    done.set(i, new Outcome<>(task.apply(items.get(i)), null, false));
                } catch (RuntimeException e) {
                    done.set(i, new Outcome<>(null, e, false));
                    if (stop.stops(e)) {
                        stopped = true;
                    }
                } catch (Throwable t) {
                    error = t;
                }
                int count = finished.incrementAndGet();
                if (progress != null) {
                    progress.show(what + ": " + count + "/" + items.size());
                }
            }
        }

        void rethrowError() {
            if (error instanceof Error e) {
                throw e;
            }
            if (error != null) {
                throw new IllegalStateException(error);
            }
        }
    }
}
