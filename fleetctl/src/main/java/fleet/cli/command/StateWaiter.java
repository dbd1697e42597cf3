package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.schema.UnitStateEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls until units reach a current state (reference §1.4): every 250 ms, 2 s per attempt (fleet's
 * 8 polls), up to N attempts, or without limit for 0. The first second is polled every 50 ms, since
 * a unit often starts within a few hundred ms and the last poll interval is what a blocking command
 * waits on top of that; the budget is the same time as fleet's. A unit that the engine says it cannot place
 * (its {@code reasons}) for a whole attempt fails at once instead of hanging (fleet #559, #912).
 * For {@code launched} a unit is done only once systemd on its machine says {@code ActiveState=active},
 * within the same budget, as fleet intended, or once a {@code Batch=true} unit ran to completion (SubState
 * {@code completed}, also after the engine made it {@code loaded} for good); {@code failed} ends the wait at once. (fleet gave up
 * after the first 2 s window, so slow starters "failed" while still starting.)
 */
final class StateWaiter {
    static final long POLL_MILLIS = 250;
    static final int POLLS_PER_ATTEMPT = 8;
    static final long ATTEMPT_MILLIS = POLL_MILLIS * POLLS_PER_ATTEMPT;

    /** The polls {@code --block-attempts} allows: 0 is fleet's "wait forever". */
    static long pollsFor(int attempts) {
        return attempts == 0 ? Long.MAX_VALUE : (long) attempts * POLLS_PER_ATTEMPT;
    }
    /** The interval of the first {@link #FAST_MILLIS} of a wait. */
    static final long FAST_POLL_MILLIS = 50;
    static final long FAST_MILLIS = 1000;
    private static final String LAUNCHED = "launched";

    enum Result { REACHED, NOT_PLACED, TIMED_OUT, GONE, FAILED }

    /** How a wait ended; {@code systemd} is the unit's last state on its machine (null if none was read). */
    record Outcome(String name, Result result, UnitEntity last, UnitStateEntity systemd) {
    }

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;

        /** Sleeps {@code millis}; an interrupt ends the command with "interrupted while {@code doing}". */
        default void pause(long millis, String doing) {
            try {
                sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.error("interrupted while " + doing);
            }
        }
    }

    private final FleetApi api;
    private final Sleeper sleeper;
    private final Progress progress;
    private final Fanout fanout;

    /** One poll of a unit: the unit (null when gone) and, once launched, its state on its machine. */
    private record Poll(UnitEntity unit, UnitStateEntity systemd) {
    }

    /** Sends one request at a time. */
    StateWaiter(FleetApi api, Sleeper sleeper, Progress progress) {
        this(api, sleeper, progress, new Fanout(1, null));
    }

    /** Polls the pending units of a round concurrently, within {@code fanout}'s bound. */
    StateWaiter(FleetApi api, Sleeper sleeper, Progress progress, Fanout fanout) {
        this.api = api;
        this.sleeper = sleeper;
        this.progress = progress;
        this.fanout = fanout.quiet();
    }

    /** Waits for every name to reach {@code target}; outcomes come back in the order of {@code names}. */
    List<Outcome> await(List<String> names, String target, int attempts, boolean explainPlacement) {
        Map<String, Outcome> done = new HashMap<>();
        Map<String, Long> reasonsSince = new HashMap<>();
        Map<String, UnitStateEntity> systemd = new HashMap<>();
        List<String> pending = new ArrayList<>(names);
        for (long waited = 0; ; waited += interval(waited)) {
            List<String> polled = List.copyOf(pending);
            List<Poll> polls = each(polled, name -> poll(name, target));
            for (int i = 0; i < polled.size(); i++) {
                String name = polled.get(i);
                UnitEntity u = polls.get(i).unit();
                Result r = judge(u, target, waited, explainPlacement, reasonsSince, name);
                if (r == Result.REACHED && LAUNCHED.equals(target)) {
                    r = judgeSystemd(polls.get(i).systemd(), name, systemd);
                } else if (r == null && LAUNCHED.equals(target) && completed(polls.get(i).systemd())) {
                    systemd.put(name, polls.get(i).systemd());
                    r = Result.REACHED;
                }
                if (r != null) {
                    done.put(name, new Outcome(name, r, u, systemd.get(name)));
                    pending.remove(name);
                }
            }
            if (pending.isEmpty() || outOfTime(waited, attempts)) {
                List<UnitEntity> last = each(pending, name -> api.getUnit(name).orElse(null));
                for (int i = 0; i < pending.size(); i++) {
                    String name = pending.get(i);
                    UnitEntity u = last.get(i);
                    boolean unplaced = explainPlacement && u != null && u.reasons() != null
                            && !UnitEntities.isScheduled(u);
                    done.put(name, new Outcome(name, unplaced ? Result.NOT_PLACED : Result.TIMED_OUT, u,
                            systemd.get(name)));
                }
                progress.clear();
                Map<String, Outcome> ordered = new LinkedHashMap<>();
                names.forEach(n -> ordered.put(n, done.get(n)));
                return new ArrayList<>(ordered.values());
            }
            progress.show("Waiting for " + pending.size() + " unit(s) to be " + target + " ("
                    + (waited + interval(waited)) / 1000 + " s)");
            sleep(interval(waited));
        }
    }

    /** How long to sleep before the next poll, after {@code waited} ms of sleeping. */
    static long interval(long waited) {
        return waited < FAST_MILLIS ? FAST_POLL_MILLIS : POLL_MILLIS;
    }

    /** The last poll of a budget comes one {@link #POLL_MILLIS} before its end, as fleet's 8th of 8 did. */
    private static boolean outOfTime(long waited, int attempts) {
        return attempts > 0 && waited + POLL_MILLIS >= attempts * ATTEMPT_MILLIS;
    }

    /**
     * Reads a unit and, when it has reached {@code launched} (or is {@code loaded} on a machine: a batch
     * unit that completed stays so), its state on its machine.
     */
    private Poll poll(String name, String target) {
        UnitEntity u = api.getUnit(name).orElse(null);
        boolean placed = u != null && (target.equals(u.currentState())
                || "loaded".equals(u.currentState()) && UnitEntities.isScheduled(u));
        if (!LAUNCHED.equals(target) || !placed) {
            return new Poll(u, null);
        }
        return new Poll(u, api.listStates(u.machineID(), u.name()).stream().findFirst().orElse(null));
    }

    /** Runs {@code read} for every name concurrently; the results in order, or the first failure in order. */
    private <R> List<R> each(List<String> names, java.util.function.Function<String, R> read) {
        List<R> results = new ArrayList<>(names.size());
        for (Fanout.Outcome<R> o : fanout.map(names, Fanout.Stop.ON_API_ERROR, "", read)) {
            results.add(o.get());
        }
        return results;
    }

    /** A launched unit: REACHED once active on its machine, FAILED if failed there, else still waiting. */
    private static Result judgeSystemd(UnitStateEntity s, String name, Map<String, UnitStateEntity> seen) {
        if (s == null) {
            return null;
        }
        seen.put(name, s);
        if ("active".equals(s.systemdActiveState()) || completed(s)) {
            return Result.REACHED;
        }
        return "failed".equals(s.systemdActiveState()) ? Result.FAILED : null;
    }

    /** A Batch=true unit that exited successfully, as its agent publishes it. */
    private static boolean completed(UnitStateEntity s) {
        return s != null && "inactive".equals(s.systemdActiveState()) && "completed".equals(s.systemdSubState());
    }

    private static Result judge(UnitEntity u, String target, long waited, boolean explainPlacement,
            Map<String, Long> reasonsSince, String name) {
        if (u == null) {
            return Result.GONE;
        }
        if (target.equals(u.currentState())) {
            return Result.REACHED;
        }
        if (explainPlacement && u.reasons() != null && !UnitEntities.isScheduled(u)) {
            long since = reasonsSince.computeIfAbsent(name, k -> waited);
            if (waited - since >= ATTEMPT_MILLIS) {
                return Result.NOT_PLACED;
            }
        } else {
            reasonsSince.remove(name);
        }
        return null;
    }

    /** Waits until no machine reports a state for each unit (the agents have unloaded it). */
    List<String> awaitNoStates(List<String> names, int attempts) {
        return awaitEach(names, attempts, name -> api.listStates(null, name).isEmpty(), "unloaded");
    }

    /** Waits until no machine reports each unit active in systemd. */
    List<String> awaitNotActive(List<String> names, int attempts) {
        return awaitEach(names, attempts, name -> api.listStates(null, name).stream()
                .noneMatch(s -> "active".equals(s.systemdActiveState())), "stopped");
    }

    /** Polls until {@code done} holds for every name; returns the names it never held for. */
    private List<String> awaitEach(List<String> names, int attempts, java.util.function.Predicate<String> done,
            String what) {
        List<String> pending = new ArrayList<>(names);
        for (long waited = 0; ; waited += interval(waited)) {
            List<Boolean> finished = each(pending, done::test);
            List<String> still = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!finished.get(i)) {
                    still.add(pending.get(i));
                }
            }
            pending = still;
            if (pending.isEmpty() || outOfTime(waited, attempts)) {
                progress.clear();
                return pending;
            }
            progress.show("Waiting for " + pending.size() + " unit(s) to be " + what + " ("
                    + (waited + interval(waited)) / 1000 + " s)");
            sleep(interval(waited));
        }
    }

    private void sleep(long millis) {
        sleeper.pause(millis, "waiting");
    }
}
