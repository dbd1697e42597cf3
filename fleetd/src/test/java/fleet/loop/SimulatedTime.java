package fleet.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;


/**
 * Time that moves only when a test says so, and the loop threads that run in it: {@link #advance}
 * runs every task that falls due, in the order of their due times (ties in the order they were
 * handed in), on the test's own thread. Loops tested this way run exactly as in fleetd, without a
 * thread, a sleep or a flaky timeout.
 */
public final class SimulatedTime {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private Instant now;
    private long handedIn;

    public SimulatedTime() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public SimulatedTime(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("simulated time is UTC");
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    /** A loop thread in this time. */
    public LoopThread thread() {
        return new SimulatedThread();
    }

    /** Moves time on by {@code d}, running every task due meanwhile, at its due time. */
    public void advance(Duration d) {
        Instant end = now.plus(d);
        while (!queue.isEmpty() && !queue.peek().due.isAfter(end)) {
            Task t = queue.poll();
            now = t.due.isAfter(now) ? t.due : now;
            t.run();
        }
        now = end;
    }

    /** Runs what is due now, and what that hands in for now, without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    private final class Task implements Comparable<Task>, LoopThread.Timer {
        private final SimulatedThread thread;
        private final Runnable body;
        private final Duration period;
        private Instant due;
        private long order;
        private boolean cancelled;

        Task(Instant due, SimulatedThread thread, Runnable body, Duration period) {
            this.due = due;
            this.order = handedIn++;
            this.thread = thread;
            this.body = body;
            this.period = period;
        }

        void run() {
            if (cancelled || thread.closed) {
                return;
            }
            body.run();
            if (period != null && !cancelled && !thread.closed) {
                due = now.plus(period);
                order = handedIn++;
                queue.add(this);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final class SimulatedThread implements LoopThread {
        boolean closed;

        @Override
        public Clock clock() {
            return SimulatedTime.this.clock();
        }

        @Override
        public void execute(Runnable task) {
            schedule(Duration.ZERO, task);
        }

        @Override
        public Timer schedule(Duration delay, Runnable task) {
            return enqueue(delay, task, null);
        }

        @Override
        public Timer every(Duration period, Runnable task) {
            return enqueue(period, task, period);
        }

        private Task enqueue(Duration delay, Runnable task, Duration period) {
            Task t = new Task(now.plus(delay), this, task, period);
            if (!closed) {
                queue.add(t);
            }
            return t;
        }

        @Override
        public boolean close(Duration grace) {
            closed = true;
            return true;
        }
    }
}
