package fleet.schedule;

import fleet.constraint.Constraints;
import fleet.constraint.Requirements;
import fleet.constraint.Veto;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rebalancing, opt-in: which units to move from crowded machines to emptier ones, one move at a
 * time, under the constraints the scheduler keeps. Pure: it plans over a snapshot and changes nothing.
 *
 * <p>A move goes from the most loaded machine (fleet's load: its units, global ones included) to the
 * least loaded one a unit there fits on, and only while the two differ by at least two units, so a
 * move never makes the spread worse and a balanced cluster plans none. Units pinned to where they
 * are never move: MachineID, MachineOf (either side of it), Conflicts, Replaces, AtMostOneCopy,
 * global units, and units not meant to run. BINPACK wants units together, so it plans no move.
 * Ties are broken by machine ID and unit name: the same snapshot always gives the same plan.
 */
public final class Rebalancer {
    private final Strategy strategy;

    public Rebalancer(Strategy strategy) {
        this.strategy = strategy;
    }

    /** One planned move, with why (e.g. {@code m1 runs 6 units, m3 runs 0}). */
    public record Move(String unit, String from, String to, String why) {}

    /** The moves, in order, and why the plan stopped where it did. */
    public record RebalancePlan(List<Move> moves, String summary) {
        public RebalancePlan {
            moves = List.copyOf(moves);
        }
    }

    /** Whether a requested move still holds, and why (or why not). */
    public record Verdict(boolean fits, String reason) {}

    /** At most {@code maxMoves} moves, each planned over the cluster as the earlier ones leave it. */
    public RebalancePlan plan(ClusterSnapshot snapshot, int maxMoves) {
        if (strategy == Strategy.BINPACK) {
            return new RebalancePlan(List.of(), "the binpack strategy keeps units together: nothing to rebalance");
        }
        ClusterState state = new ClusterState(snapshot, strategy);
        Constraints constraints = constraintsOf(state);
        List<Move> moves = new ArrayList<>();
        while (moves.size() < maxMoves) {
            Optional<Move> next = nextMove(state, constraints);
            if (next.isEmpty()) {
                return new RebalancePlan(moves, moves.isEmpty() ? "balanced: no move would even out the load"
                        : "balanced after " + moves.size() + " move(s)");
            }
            Move m = next.get();
            moves.add(m);
            moveInState(state, m);
        }
        return new RebalancePlan(moves, "stopped at the limit of " + maxMoves + " move(s)");
    }

    /** Whether moving {@code unit} from {@code from} to {@code to} still fits the cluster as it is now. */
    public Verdict check(ClusterSnapshot snapshot, String unit, String from, String to) {
        if (strategy == Strategy.BINPACK) {
            return new Verdict(false, "the binpack strategy keeps units together");
        }
        ClusterState state = new ClusterState(snapshot, strategy);
        Unit u = state.units.get(unit);
        if (u == null) {
            return new Verdict(false, "unit " + unit + " no longer exists");
        }
        Optional<String> pinned = pinnedBy(state, u);
        if (pinned.isPresent()) {
            return new Verdict(false, unit + " is pinned by " + pinned.get());
        }
        Optional<MachineSlot> at = state.placementOf(unit);
        if (at.isEmpty() || !at.get().id().equals(from)) {
            return new Verdict(false, unit + " is no longer on " + from);
        }
        Optional<MachineSlot> target = state.machine(to);
        if (target.isEmpty()) {
            return new Verdict(false, "machine " + to + " is gone");
        }
        if (at.get().load() - target.get().load() < 2) {
            return new Verdict(false, "no longer evens out the load: " + loads(at.get(), target.get()));
        }
        Optional<Veto> veto = constraintsOf(state).firstVeto(u.candidate(), target.get());
        return veto.map(v -> new Verdict(false, "does not fit " + to + ": " + v.reason()))
                .orElseGet(() -> new Verdict(true, loads(at.get(), target.get())));
    }

    private Optional<Move> nextMove(ClusterState state, Constraints constraints) {
        List<MachineSlot> byLoad = new ArrayList<>(state.slots);
        byLoad.sort(Comparator.comparingInt(MachineSlot::load).thenComparing(MachineSlot::id));
        for (int f = byLoad.size() - 1; f > 0; f--) {
            MachineSlot from = byLoad.get(f);
            for (MachineSlot to : byLoad.subList(0, f)) {
                if (from.load() - to.load() < 2) {
                    break;
                }
                for (Unit u : state.placedOn(from)) {
                    if (pinnedBy(state, u).isEmpty() && constraints.firstVeto(u.candidate(), to).isEmpty()) {
                        return Optional.of(new Move(u.name(), from.id(), to.id(), loads(from, to)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static void moveInState(ClusterState state, Move m) {
        Unit u = state.units.get(m.unit());
        state.unschedule(u);
        state.place(u, state.machine(m.to()).orElseThrow());
    }

    /** What keeps the unit where it is, if anything: a move would break it or the user's intent. */
    static Optional<String> pinnedBy(ClusterState state, Unit u) {
        Requirements r = u.requirements();
        if (u.global()) {
            return Optional.of("Global");
        } else if (u.desired() == DesiredState.INACTIVE) {
            return Optional.of("its desired state (inactive)");
        } else if (r.machineId().isPresent()) {
            return Optional.of("MachineID=" + r.machineId().get());
        } else if (!r.machineOf().isEmpty()) {
            return Optional.of("MachineOf=" + String.join(" ", r.machineOf()));
        } else if (!state.followersOf(u.name()).isEmpty()) {
            return Optional.of("MachineOf of " + String.join(", ", state.followersOf(u.name())));
        } else if (!r.conflicts().isEmpty()) {
            return Optional.of("Conflicts=" + String.join(" ", r.conflicts()));
        } else if (!r.replaces().isEmpty()) {
            return Optional.of("Replaces=" + String.join(" ", r.replaces()));
        } else if (r.atMostOneCopy()) {
            return Optional.of("AtMostOneCopy=true");
        }
        return Optional.empty();
    }

    private static Constraints constraintsOf(ClusterState state) {
        return new Constraints(unit -> state.placementOf(unit).map(MachineSlot::id));
    }

    private static String loads(MachineSlot from, MachineSlot to) {
        return from.id() + " runs " + from.load() + " units, " + to.id() + " runs " + to.load();
    }
}
