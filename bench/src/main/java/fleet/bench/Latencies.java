package fleet.bench;

import java.util.Arrays;

/** Request latencies in nanoseconds, recorded by one or more threads; percentiles in milliseconds. */
final class Latencies {
    private long[] nanos = new long[256];
    private int size;
    private long wallNanos;

    synchronized void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
    }

    synchronized void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    /** The wall-clock time of the whole run (for the rate). */
    void wall(long n) {
        wallNanos = n;
    }

    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, i))] / 1e6;
    }

    synchronized double perSecond() {
        return wallNanos == 0 ? Double.NaN : size / (wallNanos / 1e9);
    }
}
