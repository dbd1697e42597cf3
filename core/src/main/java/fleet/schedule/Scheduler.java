package fleet.schedule;

import java.util.Objects;

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
        return new PlanRun(snapshot, strategy, seed).run(snapshot.units());
    }
}
