package fleet.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import fleet.constraint.ParsedUnit;
import fleet.constraint.ParsedUnitCache;
import fleet.registry.CompletionRecord;
import fleet.registry.RegistrySnapshot;
import fleet.registry.MoveRecord;
import fleet.registry.PlacementOp;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.schedule.Decision;
import fleet.schedule.ClusterSnapshot;
import fleet.schedule.Machine;
import fleet.schedule.Plan;
import fleet.schedule.PlanMemo;
import fleet.schedule.Rebalancer;
import fleet.schedule.Scheduler;
import fleet.schedule.Unit;
import fleet.unit.DesiredState;

/**
 * Turns a registry snapshot into the engine's writes. Pure: it translates the snapshot into the
 * scheduler's model, runs {@link Scheduler#plan}, and maps each decision to a {@link PlacementOp}.
 * It also does what the scheduler does not see: takes schedule entries of deleted units away,
 * refreshes entries whose hash or desired state changed (that is how a stop or a new version
 * reaches the one agent concerned), and keeps {@code reasons/} equal to the latest verdicts.
 * Units placed on a machine that {@link MachineLossGuard} holds stay where they are, untouched by
 * the scheduler, with the hold as their reason. A unit body is parsed once ({@link ParsedUnitCache}),
 * not on every pass, and the scheduler is given the memo of the previous pass ({@link PlanMemo}), so a
 * pass after a small change checks only what changed; the plan is the same as from scratch.
 */
public final class EnginePlanner {
    /** Above the unit counts the engine is measured with (10,000): a pass must not evict its own units. */
    static final int PARSED_UNITS = 32_768;

    private final Scheduler scheduler;
    private final Rebalancer rebalancer;
    private final ParsedUnitCache parsedUnits;
    private final Clock clock;
    private PlanMemo memo = PlanMemo.none();

    public EnginePlanner(Scheduler scheduler) {
        this(scheduler, new ParsedUnitCache(PARSED_UNITS));
    }

    public EnginePlanner(Scheduler scheduler, ParsedUnitCache parsedUnits) {
        this(scheduler, parsedUnits, Clock.systemUTC());
    }

    /** @param clock when a pass happens: which failures ({@link FailureAvoidance}) are recent */
    public EnginePlanner(Scheduler scheduler, ParsedUnitCache parsedUnits, Clock clock) {
        this.scheduler = scheduler;
        this.rebalancer = new Rebalancer(scheduler.strategy());
        this.parsedUnits = parsedUnits;
        this.clock = clock;
    }

    /** Drops the scheduler's memo (the engine stopped leading: the state is not worth its heap). */
    public synchronized void forget() {
        memo = PlanMemo.none();
    }

    public EnginePlan plan(RegistrySnapshot snapshot) {
        return plan(snapshot, Map.of());
    }

    /** @param held lost machines whose units stay placed for now, each with why (machine ID to reason) */
    public EnginePlan plan(RegistrySnapshot snapshot, Map<String, String> held) {
        return plan(snapshot, held, places -> { });
    }

    /**
     * As {@link #plan(RegistrySnapshot, Map)}, handing the pass's leading places to {@code early} in
     * chunks as the scheduler decides them (see {@link EarlyPlaces}); the plan's first
     * {@link EnginePlan#handedEarly()} ops are those.
     */
    public synchronized EnginePlan plan(RegistrySnapshot snapshot, Map<String, String> held,
            Consumer<List<PlacementOp.Place>> early) {
        List<PlacementOp> ops = new ArrayList<>();
        List<String> housekeeping = new ArrayList<>();
        Map<String, ScheduledUnit> placed = new HashMap<>();
        for (ScheduledUnit s : snapshot.schedule()) {
            if (!snapshot.units().containsKey(s.name())) {
                ops.add(new PlacementOp.Unschedule(s.name(), s.machineId()));
                housekeeping.add("unscheduled " + s.name() + " from " + s.machineId() + ": unit was destroyed");
            } else if (placed.putIfAbsent(s.name(), s) != null) {
                ops.add(new PlacementOp.Unschedule(s.name(), s.machineId()));
                housekeeping.add("unscheduled " + s.name() + " from " + s.machineId() + ": duplicate placement");
            }
        }

        List<Unit> units = new ArrayList<>();
        Map<String, UnitReasons> verdicts = new HashMap<>();
        FailureAvoidance failures = new FailureAvoidance(snapshot.failures());
        Map<String, Map<String, String>> avoiding = new HashMap<>();
        Instant now = clock.instant();
        Map<String, StoredUnit> planned = snapshot.units(); // copied only if a batch unit completed
        for (StoredUnit stored : snapshot.units().values()) {
            StoredUnit u = stored;
            ParsedUnit parsed = parsedUnits.get(u.name(), u.hash(), u.file());
            Optional<CompletionRecord> completed = CompletedBatch.of(u, parsed, snapshot.completions());
            if (completed.isPresent()) {
                u = CompletedBatch.asLoaded(u);
                planned = planned == snapshot.units() ? new HashMap<>(planned) : planned;
                planned.put(u.name(), u);
                verdicts.put(u.name(), CompletedBatch.why(completed.get()));
            }
            if (!parsed.readable()) {
                refuseUnreadable(u, parsed, placed, verdicts, ops);
                continue;
            }
            Optional<String> target = Optional.ofNullable(placed.get(u.name())).map(ScheduledUnit::machineId);
            if (target.isPresent() && held.containsKey(target.get()) && u.desiredState() != DesiredState.INACTIVE) {
                verdicts.put(u.name(), new UnitReasons(Map.of(target.get(), held.get(target.get())),
                        "kept on lost machine " + target.get() + " for now: " + held.get(target.get())));
                continue;
            }
            Map<String, String> avoid = parsed.requirements().rescheduleOnFailure()
                    .map(policy -> failures.avoided(stored.name(), policy, now)).orElse(Map.of());
            if (!avoid.isEmpty()) {
                avoiding.put(u.name(), avoid);
            }
            units.add(new Unit(u.name(), parsed.requirements(), u.desiredState(), target, parsed.resources(), avoid));
        }
        // a held machine that is still registered (its fleetd stopping) takes no new units
        List<Machine> machines = snapshot.machines().values().stream().filter(m -> !held.containsKey(m.id()))
                .map(SchedulerInput::machine).toList();
        EarlyPlaces places = new EarlyPlaces(ops.isEmpty(), planned, early);
        ClusterSnapshot input = new ClusterSnapshot(machines, units);
        Scheduler.Planned result = scheduler.plan(input, memo, places);
        List<PlacementOp.Place> handed = places.close();
        memo = result.memo();
        Plan plan = result.plan();

        Set<String> touched = new HashSet<>();
        ops.addAll(handed); // the plan's first decisions, already made into ops
        handed.forEach(p -> touched.add(p.unit()));
        for (Decision d : plan.decisions().subList(handed.size(), plan.decisions().size())) {
            if (d instanceof Decision.Place p) {
                ops.add(EarlyPlaces.op(p, planned));
                touched.add(p.unit());
            } else if (d instanceof Decision.Unschedule un) {
                ops.add(new PlacementOp.Unschedule(un.unit(), un.machine()));
                touched.add(un.unit());
            } else if (d instanceof Decision.Unplaceable x) {
                verdicts.put(x.unit(), new UnitReasons(x.machines(), x.summary()));
            }
        }
        List<Decision> decisions = new ArrayList<>(plan.decisions());
        if (snapshot.moves().values().stream().anyMatch(MoveRecord::pending)) {
            carryOutRequestedMove(snapshot, input.apply(plan), planned, touched, decisions, ops);
        }
        explainAvoidance(avoiding, placed, decisions, verdicts);
        refreshStaleEntries(planned, placed, touched, ops, housekeeping);
        syncReasons(snapshot, verdicts, ops);
        return new EnginePlan(ops, decisions, housekeeping, handed.size());
    }

    /** The oldest pending rebalancing move, moved if it still holds after this pass's plan, and its outcome recorded. */
    private void carryOutRequestedMove(RegistrySnapshot snapshot, ClusterSnapshot afterPlan,
            Map<String, StoredUnit> planned, Set<String> touched, List<Decision> decisions, List<PlacementOp> ops) {
        RequestedMoves.next(snapshot.moves(), rebalancer, afterPlan, touched).ifPresent(outcome -> {
            for (Decision d : outcome.decisions()) {
                if (d instanceof Decision.Place p) {
                    ops.add(EarlyPlaces.op(p, planned));
                } else if (d instanceof Decision.Unschedule un) {
                    ops.add(new PlacementOp.Unschedule(un.unit(), un.machine()));
                }
                touched.add(d.unit());
                decisions.add(d);
            }
            ops.add(new PlacementOp.RecordMove(outcome.record().unit(), outcome.record()));
        });
    }

    /** A unit that cannot be read is not placed (and leaves its machine), with the problem as its verdict. */
    private static void refuseUnreadable(StoredUnit u, ParsedUnit parsed, Map<String, ScheduledUnit> placed,
            Map<String, UnitReasons> verdicts, List<PlacementOp> ops) {
        if (u.desiredState() != DesiredState.INACTIVE) {
            verdicts.put(u.name(), new UnitReasons(Map.of(), "invalid unit: " + parsed.problem().get()));
        }
        ScheduledUnit s = placed.remove(u.name());
        if (s != null) {
            ops.add(new PlacementOp.Unschedule(s.name(), s.machineId()));
        }
    }

    /**
     * A placed unit that avoids machines says so: that it stays where it failed, no other machine
     * fitting, or which machines it moved away from (until its failures there are old enough).
     */
    private static void explainAvoidance(Map<String, Map<String, String>> avoiding, Map<String, ScheduledUnit> placed,
            List<Decision> decisions, Map<String, UnitReasons> verdicts) {
        Map<String, String> at = new HashMap<>();
        avoiding.keySet().forEach(u -> Optional.ofNullable(placed.get(u)).ifPresent(s -> at.put(u, s.machineId())));
        for (Decision d : decisions) {
            if (d instanceof Decision.Place p && avoiding.containsKey(p.unit())) {
                at.put(p.unit(), p.machine());
            } else if (d instanceof Decision.Unschedule un && avoiding.containsKey(un.unit())) {
                at.remove(un.unit());
            }
        }
        at.forEach((unit, machine) -> {
            Map<String, String> avoid = avoiding.get(unit);
            String summary = avoid.containsKey(machine)
                    ? "stays on " + machine + ", where it " + avoid.get(machine) + ": no other machine fits"
                    : "runs on " + machine + "; avoids " + String.join(", ", avoid.keySet()) + ", where it "
                            + String.join("; ", avoid.values());
            verdicts.putIfAbsent(unit, new UnitReasons(avoid, summary));
        });
    }

    /** A placement that stays but whose unit changed hash or desired state is written again. */
    private static void refreshStaleEntries(Map<String, StoredUnit> units, Map<String, ScheduledUnit> placed,
            Set<String> touched, List<PlacementOp> ops, List<String> housekeeping) {
        for (ScheduledUnit s : placed.values()) {
            StoredUnit u = units.get(s.name());
            if (touched.contains(s.name()) || u.desiredState() == DesiredState.INACTIVE) {
                continue;
            }
            if (!u.hash().equals(s.hash()) || u.desiredState() != s.desiredState()) {
                ops.add(new PlacementOp.Place(s.name(), s.machineId(), u.hash(), u.desiredState()));
                housekeeping.add("updated " + s.name() + " on " + s.machineId() + ": now "
                        + u.desiredState().wireName() + " at " + u.hash().shortHex());
            }
        }
    }

    /** reasons/ holds exactly the current verdicts: new or changed ones written, settled ones cleared. */
    private static void syncReasons(RegistrySnapshot snapshot, Map<String, UnitReasons> verdicts,
            List<PlacementOp> ops) {
        for (Map.Entry<String, UnitReasons> v : verdicts.entrySet()) {
            if (!v.getValue().equals(snapshot.reasons().get(v.getKey()))) {
                ops.add(new PlacementOp.SetReasons(v.getKey(), v.getValue()));
            }
        }
        for (String unit : snapshot.reasons().keySet()) {
            if (!verdicts.containsKey(unit)) {
                ops.add(new PlacementOp.ClearReasons(unit));
            }
        }
    }

}
