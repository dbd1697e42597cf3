package fleet.schedule;

import java.util.Set;

/**
 * What a planning pass leaves for the next one: the cluster as the pass left it (its snapshot with
 * the plan applied) and the units it could not place. Handed to {@link Scheduler#plan(ClusterSnapshot,
 * PlanMemo)}, it lets the next pass check only the units and machines that changed since. A memo is
 * used up by the pass it is given to (that pass works on its state); given again, it is ignored and the
 * pass plans from scratch. Either way the plan is the one a pass from scratch makes.
 */
public final class PlanMemo {
    private static final PlanMemo NONE = new PlanMemo(null, 0, null, Set.of());

    private final Strategy strategy;
    private final long seed;
    private final Set<String> unplaced;
    private ClusterState state;

    PlanMemo(Strategy strategy, long seed, ClusterState state, Set<String> unplaced) {
        this.strategy = strategy;
        this.seed = seed;
        this.state = state;
        this.unplaced = Set.copyOf(unplaced);
    }

    /** No memory: the next pass plans from scratch. */
    public static PlanMemo none() {
        return NONE;
    }

    /** The state, once, if it was left by a scheduler of this strategy and seed; else null. */
    synchronized ClusterState take(Strategy forStrategy, long forSeed) {
        ClusterState s = state;
        state = null;
        return forStrategy == strategy && forSeed == seed ? s : null;
    }

    Set<String> unplaced() {
        return unplaced;
    }
}
