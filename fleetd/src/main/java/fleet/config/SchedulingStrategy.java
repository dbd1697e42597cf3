package fleet.config;

import java.util.Locale;

/** How the engine picks among eligible machines ({@code scheduling_strategy}). */
public enum SchedulingStrategy {
    /** The machine with the fewest units (fleet's only behaviour). */
    SPREAD,
    /** The fullest machine that still fits, to keep others empty. */
    BINPACK,
    /** Any eligible machine, uniformly. */
    RANDOM;

    static SchedulingStrategy parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected spread, binpack or random");
        }
    }
}
