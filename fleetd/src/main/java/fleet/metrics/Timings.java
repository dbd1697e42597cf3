package fleet.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import fleet.observe.Timing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/** A {@link Timing} started now that records into a timer and counts a failure. */
final class Timings {
    /** Latency buckets for calls to etcd and systemd: from a local round trip to a request timeout. */
    static final Duration[] CALL_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5)};
    /** prometheus/client_golang's default buckets (0.005 s to 10 s), which fleet v1.0's histograms used. */
    static final Duration[] GO_DEFAULT_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private Timings() {
    }

    static Timing start(Timer timer, Counter failures) {
        long started = System.nanoTime();
        return failed -> {
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (failed) {
                failures.increment();
            }
        };
    }
}
