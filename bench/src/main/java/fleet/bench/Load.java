package fleet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one kind of request serially (one client) or from several clients at once, timing each call. */
final class Load {
    /** One request; {@code i} numbers the calls of a run from 0, across all clients. */
    @FunctionalInterface
    interface Call {
        void run(int i) throws Exception;
    }

    private Load() {}

    static Latencies serial(int calls, Call call) throws Exception {
        Latencies out = new Latencies();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.run(i);
            out.add(System.nanoTime() - t);
        }
        out.wall(System.nanoTime() - start);
        return out;
    }

    /** {@code clients} threads, {@code callsEach} calls each, started together. */
    static Latencies concurrent(int clients, int callsEach, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            Latencies out = new Latencies();
            List<Future<Latencies>> runs = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int first = c * callsEach;
                runs.add(pool.submit(() -> serial(callsEach, i -> call.run(first + i))));
            }
            for (Future<Latencies> f : runs) {
                out.addAll(f.get());
            }
            out.wall(System.nanoTime() - start);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
