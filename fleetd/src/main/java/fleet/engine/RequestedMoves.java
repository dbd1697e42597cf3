package fleet.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fleet.registry.MoveRecord;
import fleet.schedule.ClusterSnapshot;
import fleet.schedule.Decision;
import fleet.schedule.Rebalancer;

/**
 * The rebalancing moves users asked for ({@code moves/}), carried out by the leader: one per pass,
 * the oldest first, and only if it still holds on the cluster as this pass's plan leaves it
 * ({@link Rebalancer#check}); otherwise it is refused with why. Either way the outcome is recorded.
 * A request for a unit this pass's plan moves anyway waits for the next pass. Pure.
 */
final class RequestedMoves {
    private RequestedMoves() {}

    /** What to do about one request: the decisions (an Unschedule then a Place, or none) and the record to write. */
    record Outcome(List<Decision> decisions, MoveRecord record) {}

    /**
     * @param planned the scheduler's input with this pass's plan applied
     * @param touched units this pass's plan changes
     */
    static Optional<Outcome> next(Map<String, MoveRecord> moves, Rebalancer rebalancer, ClusterSnapshot planned,
            Set<String> touched) {
        Optional<MoveRecord> first = moves.values().stream().filter(MoveRecord::pending)
                .filter(m -> !touched.contains(m.unit()))
                .min(Comparator.comparingLong(MoveRecord::requestedAt).thenComparing(MoveRecord::unit));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        MoveRecord m = first.get();
        if (planned.units().stream().noneMatch(u -> u.name().equals(m.unit()))) {
            return Optional.of(new Outcome(List.of(), m.decided(false, "unit " + m.unit()
                    + " is not placed by the engine now (destroyed, unreadable, or on a lost machine)")));
        }
        Rebalancer.Verdict v = rebalancer.check(planned, m.unit(), m.from(), m.to());
        if (!v.fits()) {
            return Optional.of(new Outcome(List.of(), m.decided(false, v.reason())));
        }
        String why = "rebalance: " + v.reason();
        return Optional.of(new Outcome(List.of(new Decision.Unschedule(m.unit(), m.from(), why),
                new Decision.Place(m.unit(), m.to(), why)), m.decided(true, v.reason())));
    }
}
