package fleet.constraint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine as the constraint checkers see it, with the units it would run (scheduled units and
 * the global units that apply to it). The scheduler implements it over indexes; the queries are
 * shaped so that an implementation can answer without scanning every unit.
 */
public interface Host {
    /** The full machine ID. */
    String id();

    Map<String, String> metadata();

    /** Whether this machine runs the named unit (scheduled here, or a global unit it accepts). */
    boolean runs(String unitName);

    /** A unit on this machine whose name matches one of {@code patterns}, if any. */
    Optional<String> unitMatching(List<String> patterns);

    /** A unit on this machine whose {@code Conflicts} match {@code name}, with the pattern, if any. */
    Optional<PatternOwner> unitConflictingWith(String name);

    /**
     * A unit on this machine whose {@code Replaces} match {@code name}, ignoring units that
     * {@code name} replaces in turn (circular replaces are ignored, as in fleet).
     */
    Optional<PatternOwner> unitReplacing(String name, List<String> replacedByName);

    /** Capacity minus what is reserved and what its units request. */
    Resources free();

    /** A unit on a host and the pattern of its that matched. */
    record PatternOwner(String unit, String pattern) {
    }
}
