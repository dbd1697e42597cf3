package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes rebalancing moves one at a time: asks fleetd for the next move over the cluster as it is now,
 * asks the engine to make it, waits for the engine's outcome, then for the unit to be active on its
 * new machine (the wait of a rolling update: {@link StateWaiter}, then {@link ActiveWatch}). A refused
 * move, or a moved unit that does not become active, ends the run with an error; the moves before it stay.
 */
final class MoveRunner {
    private static final String LAUNCHED = "launched";
    private final Session session;
    private final FleetApi api;
    private final int attempts;
    private final int activePolls;
    private final StateWaiter.Sleeper sleeper;

    MoveRunner(Session session, int attempts, int activePolls, StateWaiter.Sleeper sleeper) {
        this.session = session;
        this.api = session.api();
        this.attempts = attempts;
        this.activePolls = activePolls;
        this.sleeper = sleeper;
    }

    int run(int maxMoves) {
        for (int moved = 0; moved < maxMoves; moved++) {
            RebalancePlanEntity plan = api.rebalancePlan(1);
            if (plan.moves().isEmpty()) {
                session.out().println(moved == 0 ? plan.summary() : "Moved " + moved + " unit(s): balanced");
                return ExitCode.OK;
            }
            RebalanceMoveEntity m = plan.moves().get(0);
            session.out().println("Moving " + describe(m));
            api.requestMove(m);
            Optional<RebalanceMoveEntity> outcome = awaitOutcome(m.unit());
            if (outcome.isEmpty()) {
                session.err().println("Error: the engine did not decide the move of " + m.unit()
                        + " in time; it may still make it (see fleetctl list-units)");
                return ExitCode.ERROR;
            }
            if (!"moved".equals(outcome.get().outcome())) {
                session.err().println("Error: the engine refused to move " + m.unit() + ": " + outcome.get().detail());
                return ExitCode.ERROR;
            }
            if (!activeOnNewMachine(m)) {
                return ExitCode.ERROR;
            }
        }
        session.out().println("Moved " + maxMoves + " unit(s): stopped at --max-moves " + maxMoves);
        return ExitCode.OK;
    }

    /** {@code web.service from 1a2b3c4d to 5e6f7a8b: 1a2b3c4d runs 6 units, 5e6f7a8b runs 0}, IDs shortened. */
    static String describe(RebalanceMoveEntity m) {
        String why = m.why() == null ? "" : m.why().replace(m.from(), shortId(m.from())).replace(m.to(), shortId(m.to()));
        return m.unit() + " from " + shortId(m.from()) + " to " + shortId(m.to()) + (why.isEmpty() ? "" : ": " + why);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private Optional<RebalanceMoveEntity> awaitOutcome(String unit) {
        long polls = StateWaiter.pollsFor(attempts);
        for (long i = 0; i < polls; i++) {
            Optional<RebalanceMoveEntity> m = api.move(unit);
            if (m.isPresent() && m.get().outcome() != null) {
                return m;
            }
            sleeper.pause(StateWaiter.POLL_MILLIS, "waiting for the engine to move " + unit);
        }
        return Optional.empty();
    }

    private boolean activeOnNewMachine(RebalanceMoveEntity m) {
        StateWaiter waiter = new StateWaiter(api, sleeper, new Progress(session.err(), session.tty()));
        StateWaiter.Outcome o = waiter.await(List.of(m.unit()), LAUNCHED, attempts, true).get(0);
        if (o.result() != StateWaiter.Result.REACHED) {
            session.err().println("Error: " + m.unit() + " did not become active on " + shortId(m.to()) + " ("
                    + o.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (o.systemd() == null ? "" : ", ActiveState=" + o.systemd().systemdActiveState()) + "); see "
                    + "fleetctl status " + m.unit() + "; no further moves made");
            return false;
        }
        Map<String, String> left = new ActiveWatch(api, sleeper).leftActive(List.of(m.unit()), activePolls);
        if (!left.isEmpty()) {
            session.err().println("Error: " + m.unit() + " was active on " + shortId(m.to()) + " but then left it ("
                    + left.get(m.unit()) + "); no further moves made");
            return false;
        }
        session.out().println("  " + m.unit() + ": active on " + shortId(m.to()));
        return true;
    }
}
