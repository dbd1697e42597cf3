package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.UnitEntities;
import fleet.cli.apply.Action;
import fleet.cli.apply.ApplyKeys;
import fleet.cli.apply.Plan;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link Plan}: first every change that is not part of a rollout (at most
 * {@link Fanout#IN_FLIGHT} requests at once), then each rollout one batch at a time, then the
 * destroys of --prune. The first failure ends the run: what was not reached stays as it was, and
 * running apply again picks up from there, since it plans from the cluster as it then is.
 */
final class ApplyRunner {
    private final Session session;
    private final FleetApi api;
    private final String set;
    private final Rollout rollout;
    /** How many units each kind of action has changed so far. */
    private final Map<Action.Kind, Integer> done = new EnumMap<>(Action.Kind.class);
    private StateWaiter.Sleeper sleeper = Thread::sleep;

    /**
     * How rollouts go: instances replaced at a time, wait attempts per step (0: no limit), and the polls
     * an instance must then stay active for.
     */
    record Rollout(int maxParallel, int attempts, int activePolls) {
    }

    ApplyRunner(Session session, String set, Rollout rollout) {
        this.session = session;
        this.api = session.api();
        this.set = set;
        this.rollout = rollout;
    }

    int run(Plan plan) {
        return run(plan, Thread::sleep);
    }

    /** Runs the plan, the waits of rollouts sleeping on {@code sleeper}. */
    int run(Plan plan, StateWaiter.Sleeper sleeper) {
        this.sleeper = sleeper;
        if (!applyAtOnce(plan.atOnce())) {
            return stopped("a change failed");
        }
        for (Map.Entry<String, List<Action>> group : plan.rollouts().entrySet()) {
            if (!roll(group.getKey(), group.getValue())) {
                return stopped("the rollout of " + group.getKey() + " failed");
            }
        }
        if (!destroy(plan.of(Action.Kind.DESTROY))) {
            return stopped("a destroy failed");
        }
        session.out().println("Applied: " + count(Action.Kind.CREATE) + " created, " + count(Action.Kind.REPLACE)
                + " replaced, " + count(Action.Kind.SET_STATE) + " state change(s), " + count(Action.Kind.DESTROY)
                + " destroyed; " + plan.unchanged() + " unchanged.");
        plan.held().forEach((template, why) -> session.err().println("Error: rollout of " + template + " held: "
                + why));
        return plan.held().isEmpty() ? ExitCode.OK : ExitCode.ERROR;
    }

    private int stopped(String why) {
        session.err().println("Error: " + why + "; apply stopped there, and what it had not reached yet is as it "
                + "was. Run apply again to continue.");
        return ExitCode.ERROR;
    }

    private boolean applyAtOnce(List<Action> actions) {
        List<Fanout.Outcome<Action>> sent = session.fanout().map(actions, Fanout.Stop.ON_UNREACHABLE, "Applying",
                a -> {
                    change(a);
                    return a;
                });
        boolean ok = true;
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            Fanout.Outcome<Action> outcome = sent.get(i);
            if (outcome.skipped()) {
                ok = false;
            } else if (!outcome.ok()) {
                session.err().println("Error: " + a.name() + ": " + outcome.failure().getMessage());
                ok = false;
            } else {
                session.out().println(report(a));
                done.merge(a.kind(), 1, Integer::sum);
            }
        }
        return ok;
    }

    /** One unit's requests. A replace goes through inactive, as fleetctl --replace does. */
    private void change(Action a) {
        DesiredState target = a.target();
        switch (a.kind()) {
            case CREATE -> api.putUnit(a.name(), body(a), target);
            case REPLACE -> {
                api.putUnit(a.name(), body(a), null);
                if (target != DesiredState.INACTIVE) {
                    api.setDesiredState(a.name(), target);
                }
            }
            case SET_STATE -> api.setDesiredState(a.name(), target);
            case DESTROY -> throw new IllegalStateException("destroys run last");
        }
    }

    private List<UnitOption> body(Action a) {
        return ApplyKeys.forCluster(a.local().body(), set);
    }

    private static String report(Action a) {
        return switch (a.kind()) {
            case CREATE -> "Created " + a.name() + " (" + a.target().wireName() + ")";
            case REPLACE -> "Replaced " + a.name() + " (" + a.target().wireName() + ")";
            case SET_STATE -> "Set " + a.name() + " " + a.target().wireName();
            case DESTROY -> "Destroyed " + a.name();
        };
    }

    private int count(Action.Kind kind) {
        return done.getOrDefault(kind, 0);
    }

    /**
     * Replaces running instances {@code maxParallel} at a time: send the new body (the unit goes
     * inactive), wait until no machine reports the old version, launch, wait until systemd says active
     * (and, with --min-active, that it stays so). Waiting for the old state to go first keeps the wait
     * for active from seeing the old version.
     */
    private boolean roll(String template, List<Action> instances) {
        if (instances.size() == 1 && instances.get(0).existing().global()) {
            boolean rolled = new GlobalRoller(session, rollout, sleeper).roll(instances.get(0), set);
            if (rolled) {
                done.merge(Action.Kind.REPLACE, 1, Integer::sum);
            }
            return rolled;
        }
        session.out().println("Rolling out " + template + ": " + instances.size() + " instance(s), "
                + rollout.maxParallel() + " at a time");
        StateWaiter waiter = new StateWaiter(api, sleeper, new Progress(session.err(), session.tty()),
                session.fanout());
        Transition transition = new Transition(session, waiter);
        for (int from = 0; from < instances.size(); from += rollout.maxParallel()) {
            List<Action> batch = instances.subList(from, Math.min(instances.size(), from + rollout.maxParallel()));
            if (!replaceBatch(batch, waiter, transition)) {
                List<String> left = instances.subList(from + batch.size(), instances.size()).stream()
                        .map(Action::name).toList();
                session.err().println("Error: " + String.join(", ", batch.stream().map(Action::name).toList())
                        + " did not become active with the new version"
                        + (left.isEmpty() ? "" : "; still on the old version: " + String.join(", ", left)));
                return false;
            }
            done.merge(Action.Kind.REPLACE, batch.size(), Integer::sum);
        }
        return true;
    }

    private boolean replaceBatch(List<Action> batch, StateWaiter waiter, Transition transition) {
        List<String> names = batch.stream().map(Action::name).toList();
        batch.forEach(a -> api.putUnit(a.name(), body(a), null));
        List<String> stillOld = waiter.awaitNoStates(names, rollout.attempts());
        if (!stillOld.isEmpty()) {
            session.err().println("Error: timed out waiting for the old version of " + stillOld + " to stop");
            return false;
        }
        if (transition.run(entities(batch), DesiredState.LAUNCHED, "start", rollout.attempts(), true)
                != ExitCode.OK) {
            return false;
        }
        Map<String, String> left = new ActiveWatch(api, sleeper).leftActive(names, rollout.activePolls());
        left.forEach((name, seen) -> session.err().println("Error: unit " + name + " was active but then " + seen
                + "; see fleetctl status " + name + " and fleetctl journal " + name));
        return left.isEmpty();
    }

    private List<UnitEntity> entities(List<Action> batch) {
        return batch.stream().map(a -> new UnitEntity(a.name(), UnitEntities.toWire(body(a)),
                DesiredState.INACTIVE.wireName(), null, null, null)).toList();
    }

    /** Destroys the units; false when one could not be. */
    private boolean destroy(List<Action> destroys) {
        List<Fanout.Outcome<Boolean>> deleted = session.fanout().map(destroys, Fanout.Stop.ON_UNREACHABLE,
                "Destroying", a -> api.deleteUnit(a.name()));
        boolean ok = true;
        for (int i = 0; i < destroys.size(); i++) {
            Fanout.Outcome<Boolean> outcome = deleted.get(i);
            if (outcome.ok()) {
                session.out().println(report(destroys.get(i)));
                done.merge(Action.Kind.DESTROY, 1, Integer::sum);
            } else if (!outcome.skipped()) {
                session.err().println("Error: " + destroys.get(i).name() + ": " + outcome.failure().getMessage());
                ok = false;
            } else {
                ok = false;
            }
        }
        return ok;
    }
}
