package fleet.observe;

/**
 * The end of something an observer is timing. The observer reads its own clock when it hands out a
 * timing and when {@link #ended} is called, so the timed code (the loops, the registry) reads none.
 */
@FunctionalInterface
public interface Timing {
    Timing NONE = failed -> { };

    void ended(boolean failed);
}
