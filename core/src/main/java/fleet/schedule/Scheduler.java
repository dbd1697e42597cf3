package fleet.schedule;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * fleet's scheduler as a pure function: {@link #plan} reads a cluster snapshot and returns the
 * decisions to take, each with its reason; it changes nothing and does no I/O. The same snapshot
 * always gives the same plan (RANDOM draws from a generator seeded per call).
 *
 * <p>Phase 1 takes off scheduled units whose desired state is inactive, whose machine went away,
 * that a checker now vetoes on their machine (metadata changed, a conflicting unit, a MachineOf
 * target that moved, capacity), or that a unit with {@code Replaces} displaces. Phase 2 places the
 * units that should run and are on no machine: MachineOf targets before their followers, each
 * decision seeing the earlier ones. A unit that moves appears as an Unschedule then a Place.
 * Global units are never placed; they count for load, conflicts and capacity on every machine
 * whose metadata they match. Units that fit nowhere come last, as {@link Decision.Unplaceable}
 * with the reason for each machine.
 *
 * <p>Applying a plan and planning again gives no further Place or Unschedule.
 */
public final class Scheduler {
    private final Strategy strategy;
    private final long seed;

    public Scheduler(Strategy strategy, long seed) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.seed = seed;
    }

    /** fleet's behaviour: least loaded machine first. */
    public static Scheduler spread() {
        return new Scheduler(Strategy.SPREAD, 0);
    }

    public Strategy strategy() {
        return strategy;
    }

    public Plan plan(ClusterSnapshot snapshot) {
        return new PlanRun(new ClusterState(snapshot, strategy), strategy, seed).run();
    }

    /**
     * The plan for {@code snapshot}, the same as {@link #plan(ClusterSnapshot)}'s, with a memo for the
     * next pass. Given the memo of the previous pass, it checks only what changed since: the units
     * that differ from that pass's snapshot with its plan applied, and what they touch.
     */
    public Planned plan(ClusterSnapshot snapshot, PlanMemo previous) {
        return plan(snapshot, previous, d -> { });
    }

    /**
     * As {@link #plan(ClusterSnapshot, PlanMemo)}, telling {@code taken} each place and unschedule as
     * it is decided (in the plan's order), so that a caller may act on the first ones while the pass
     * goes on. A later decision may undo an earlier one (a unit placed, then replaced by another).
     */
    public Planned plan(ClusterSnapshot snapshot, PlanMemo previous, Consumer<Decision> taken) {
        ClusterState state = previous.take(strategy, seed);
        SortedSet<String> look = state == null ? null : UnitDelta.catchUp(state, snapshot);
        Plan plan;
        if (look == null) {
            state = new ClusterState(snapshot, strategy);
            plan = new PlanRun(state, strategy, seed, taken).run();
        } else {
            plan = new PlanRun(state, strategy, seed, taken).run(look, previous.unplaced());
        }
        state.remember(plan);
        Set<String> unplaced = new HashSet<>();
        plan.unplaceable().forEach(u -> unplaced.add(u.unit()));
        return new Planned(plan, new PlanMemo(strategy, seed, state, unplaced), look != null);
    }

    /**
     * A plan and the memo for the next pass.
     *
     * @param incremental whether it was planned from the previous pass's memo (else from scratch)
     */
    public record Planned(Plan plan, PlanMemo memo, boolean incremental) {}
}
