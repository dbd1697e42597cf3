package fleet.loop;

import java.time.Duration;

/** Retry delays that double from {@code min} up to {@code max}, back to {@code min} after a success. */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The delay before the next retry; the one after is twice as long, up to the maximum. */
    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    /** The delay {@link #next()} would return, without using it. */
    public Duration peek() {
        return next;
    }

    public void reset() {
        next = min;
    }
}
