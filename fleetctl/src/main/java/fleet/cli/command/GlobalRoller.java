package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.apply.Action;
import fleet.cli.apply.ApplyKeys;
import fleet.cli.apply.GlobalRollout;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls a changed global unit out machine by machine: the new body is stored beside the committed
 * one ({@code PUT .../rollout}), each step allows the next machines to take it, and the step is done
 * when systemd reports it active on each of them (and it stayed so for --min-active); the last step
 * commits the new body, which ends the rollout. The first machine that fails ends the run: the
 * machines not reached keep the old body running, and apply run again resumes (same body) or starts
 * over (a fixed body).
 */
final class GlobalRoller {
    /** How many machines of the order the first line names. */
    private static final int NAMED = 10;
    private final Session session;
    private final FleetApi api;
    private final ApplyRunner.Rollout budget;
    private final StateWaiter.Sleeper sleeper;

    GlobalRoller(Session session, ApplyRunner.Rollout budget, StateWaiter.Sleeper sleeper) {
        this.session = session;
        this.api = session.api();
        this.budget = budget;
        this.sleeper = sleeper;
    }

    /** True when every machine runs the new body and it is committed. */
    boolean roll(Action a, String set) {
        List<UnitOption> body = ApplyKeys.forCluster(a.local().body(), set);
        String hash = UnitFile.of(body).hash().hex();
        GlobalRollout plan = GlobalRollout.plan(a.name(), hash, a.existing().rollout(),
                api.listStates(null, a.name()), budget.maxParallel());
        session.out().println("Rolling out " + a.name() + " to " + hash.substring(0, 7) + ": " + plan.order().size()
                + " machine(s), " + plan.maxParallel() + " at a time, in the order " + firstOf(plan.order())
                + (plan.taken().isEmpty() ? "" : " (resumed: " + plan.taken().size() + " already on it)"));
        List<String> allowed = new ArrayList<>(plan.taken());
        api.putRollout(a.name(), body, plan.record(allowed));
        if (!plan.waiting().isEmpty() && !awaitActive(plan, plan.waiting())) {
            return false;
        }
        for (List<String> step : plan.steps()) {
            allowed.addAll(step);
            api.putRollout(a.name(), body, plan.record(allowed));
            if (!awaitActive(plan, step)) {
                List<String> left = plan.order().stream().filter(m -> !allowed.contains(m)).toList();
                session.err().println("Error: " + a.name() + " did not become active with the new version on "
                        + String.join(", ", step) + (left.isEmpty() ? "" : "; still on the old version: "
                        + String.join(", ", left)));
                return false;
            }
        }
        // committing the new body ends the rollout; every machine already runs it, so nothing restarts
        api.putUnit(a.name(), body, DesiredState.LAUNCHED);
        session.out().println("Replaced " + a.name() + " (launched): " + plan.order().size() + " machine(s) on "
                + hash.substring(0, 7));
        return true;
    }

    /** The machines named, the first {@value #NAMED} of a long order and how many more. */
    private static String firstOf(List<String> order) {
        if (order.size() <= NAMED) {
            return String.join(", ", order);
        }
        return String.join(", ", order.subList(0, NAMED)) + " and " + (order.size() - NAMED) + " more";
    }

    /** Polls until each machine reports the new body active and it stays so; false, reported, otherwise. */
    private boolean awaitActive(GlobalRollout plan, List<String> machines) {
        long polls = StateWaiter.pollsFor(budget.attempts());
        List<String> pending = machines;
        for (long i = 0; i < polls; i++) {
            List<UnitStateEntity> states = api.listStates(null, plan.unit());
            String failure = plan.failure(states, machines);
            if (failure != null) {
                session.err().println("Error: " + plan.unit() + " failed with the new version on " + failure
                        + "; see fleetctl status " + plan.unit() + " and fleetctl journal " + plan.unit());
                return false;
            }
            pending = plan.notActive(states, machines);
            if (pending.isEmpty()) {
                return staysActive(plan, machines);
            }
            sleep();
        }
        session.err().println("Error: timed out waiting for " + plan.unit() + " to be active with the new version on "
                + String.join(", ", pending));
        return false;
    }

    private boolean staysActive(GlobalRollout plan, List<String> machines) {
        for (int i = 0; i < budget.activePolls(); i++) {
            sleep();
            List<UnitStateEntity> states = api.listStates(null, plan.unit());
            List<String> left = plan.notActive(states, machines);
            if (!left.isEmpty()) {
                session.err().println("Error: " + plan.unit() + " was active with the new version but then left it on "
                        + String.join(", ", left) + "; see fleetctl status " + plan.unit());
                return false;
            }
        }
        machines.forEach(m -> session.out().println("  " + m + ": active with " + plan.hash().substring(0, 7)));
        return true;
    }

    private void sleep() {
        sleeper.pause(StateWaiter.POLL_MILLIS, "rolling out");
    }
}
