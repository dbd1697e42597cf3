package fleet.engine;

import java.util.List;

import org.slf4j.Logger;

import fleet.registry.PlacementOp;
import fleet.schedule.Decision;

/**
 * What one engine pass decided: the registry writes to make, and the scheduler decisions (each
 * with its reason) they came from, plus the housekeeping the engine adds on its own.
 *
 * @param handedEarly how many of the first ops were handed to the writer while the pass went on
 */
public record EnginePlan(List<PlacementOp> ops, List<Decision> decisions, List<String> housekeeping,
        int handedEarly) {
    public EnginePlan {
        if (handedEarly < 0 || handedEarly > ops.size()) {
            throw new IllegalArgumentException("handed early " + handedEarly + " of " + ops.size() + " ops");
        }
        ops = List.copyOf(ops);
        decisions = List.copyOf(decisions);
        housekeeping = List.copyOf(housekeeping);
    }

    /** The ops still to write after those handed early. */
    public List<PlacementOp> rest() {
        return ops.subList(handedEarly, ops.size());
    }

    /** Changes logged one by one at info level; past this many, a summary (details at debug). */
    private static final int DETAILED = 20;

    /** Logs the changes with their reasons and the unplaceable units (debug: they repeat each pass). */
    void log(Logger log) {
        long changes = decisions.stream().filter(d -> !(d instanceof Decision.Unplaceable)).count();
        if (changes > DETAILED && !log.isDebugEnabled()) {
            log.info("{} placement changes in one pass ({} ops); set verbosity=1 for each one", changes, ops.size());
            return;
        }
        for (Decision d : decisions) {
            if (d instanceof Decision.Place p) {
                log.info("placed {} on {}: {}", p.unit(), p.machine(), p.reason());
            } else if (d instanceof Decision.Unschedule u) {
                log.info("unscheduled {} from {}: {}", u.unit(), u.machine(), u.reason());
            } else {
                log.debug("cannot place {}: {}", d.unit(), d.reason());
            }
        }
        housekeeping.forEach(h -> log.info("{}", h));
    }
}
