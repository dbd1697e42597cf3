package fleet.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import fleet.engine.Engine;
import fleet.engine.EngineMetrics;
import fleet.engine.EnginePlan;
import fleet.schedule.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The engine's metrics: fleet v1.0's ({@code fleet_engine_*} under v1.0's names, types and labels)
 * and ours (leadership, pass phases, decisions by cause). Called on the engine's loop thread.
 */
final class EngineRecorder implements EngineMetrics {
    private static final String V1_SCHEDULE = "attemptscheduleunit";
    private static final String V1_UNSCHEDULE = "unscheduleunit";

    private final AtomicLong leader = new AtomicLong();
    private final AtomicLong term = new AtomicLong();
    private final AtomicLong startTime = new AtomicLong();
    private final LabelledMeters<Counter> v1Tasks;
    private final LabelledMeters<Counter> v1TaskFailures;
    private final Counter v1Reconciles;
    private final Timer v1ReconcileSeconds;
    private final LabelledMeters<Counter> v1ReconcileFailures;
    private final LabelledMeters<Timer> phases;
    private final Counter passFailures;
    private final LabelledMeters<Counter> placements;
    private final LabelledMeters<Counter> unschedules;
    private final Map<String, AtomicLong> unplaceable = new HashMap<>();

    EngineRecorder(MeterRegistry r) {
        Gauge.builder("fleet.engine.leader.start.time", startTime, AtomicLong::get)
                .description("Start time of becoming an engine leader since epoch in seconds (0: not leading).").register(r);
        v1Tasks = new LabelledMeters<>(List.of(V1_SCHEDULE, V1_UNSCHEDULE), t -> Counter.builder("fleet.engine.task.count")
                .description("Counter of engine schedule tasks.").tag("type", t).register(r));
        v1TaskFailures = new LabelledMeters<>(List.of(V1_SCHEDULE, V1_UNSCHEDULE), t -> Counter
                .builder("fleet.engine.task.failure.count").description("Counter of engine schedule task failures.")
                .tag("type", t).register(r));
        v1Reconciles = Counter.builder("fleet.engine.reconcile.count").description("Counter of reconcile rounds.")
                .register(r);
        v1ReconcileSeconds = Timer.builder("fleet.engine.reconcile" + FleetNamingConvention.V1_DURATION)
                .description("Histogram of time (in seconds) each schedule round takes.")
                .serviceLevelObjectives(Timings.GO_DEFAULT_BUCKETS).register(r);
        v1ReconcileFailures = new LabelledMeters<>(List.of("machine_away", "run", "schedule"), t -> Counter
                .builder("fleet.engine.reconcile.failure.count").description("Counter of scheduling failures.")
                .tag("type", t).register(r));
        Gauge.builder("fleet.engine.leader", leader, AtomicLong::get)
                .description("1 while this fleetd is the engine leader, else 0.").register(r);
        Gauge.builder("fleet.engine.leader.term", term, AtomicLong::get)
                .description("The term this fleetd last led (its election's etcd create revision; grows with each term).")
                .register(r);
        phases = new LabelledMeters<>(List.of("read", "plan", "write"), p -> Timer.builder("fleet.engine.pass")
                .description("Engine passes by phase: reading the view, planning, writing the decisions.")
                .tag("phase", p).register(r));
        passFailures = Counter.builder("fleet.engine.pass.failures")
                .description("Engine passes that failed (etcd unreachable, fence lost); retried on the next tick.")
                .register(r);
        placements = new LabelledMeters<>(DecisionCause.PLACE, c -> Counter.builder("fleet.engine.placements")
                .description("Units placed on a machine, by how the machine was chosen.").tag("reason", c).register(r));
        unschedules = new LabelledMeters<>(DecisionCause.UNSCHEDULE, c -> Counter.builder("fleet.engine.unschedules")
                .description("Units taken off a machine, by why.").tag("reason", c).register(r));
        for (String c : DecisionCause.UNPLACEABLE) {
            AtomicLong n = new AtomicLong();
            unplaceable.put(c, n);
            Gauge.builder("fleet.engine.unplaceable.units", n, AtomicLong::get)
                    .description("Units the last pass could place nowhere, by the veto most machines gave.")
                    .tag("reason", c).register(r);
        }
    }

    @Override
    public void elected(long newTerm, Instant at) {
        term.set(newTerm);
        startTime.set(at.getEpochSecond());
        leader.set(1);
    }

    @Override
    public void deposed() {
        leader.set(0);
        startTime.set(0);
        unplaceable.values().forEach(n -> n.set(0)); // the next leader reports them
    }

    @Override
    public void passed(Engine.PassTimings t, EnginePlan plan) {
        v1Reconciles.increment();
        v1ReconcileSeconds.record(t.readMillis() + t.planMillis() + t.writeMillis(), TimeUnit.MILLISECONDS);
        phases.get("read").record(t.readMillis(), TimeUnit.MILLISECONDS);
        phases.get("plan").record(t.planMillis(), TimeUnit.MILLISECONDS);
        phases.get("write").record(t.writeMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> stuck = new HashMap<>();
        for (Decision d : plan.decisions()) {
            String cause = DecisionCause.of(d);
            if (d instanceof Decision.Place) {
                placements.get(cause).increment();
                v1Tasks.get(V1_SCHEDULE).increment();
            } else if (d instanceof Decision.Unschedule) {
                unschedules.get(cause).increment();
                v1Tasks.get(V1_UNSCHEDULE).increment();
            } else {
                stuck.merge(cause, 1L, Long::sum);
            }
            String v1Failure = DecisionCause.v1Failure(d, cause);
            if (v1Failure != null) {
                v1ReconcileFailures.get(v1Failure).increment();
            }
        }
        unplaceable.forEach((cause, n) -> n.set(stuck.getOrDefault(cause, 0L)));
    }

    @Override
    public void writeFailed(EnginePlan plan) {
        for (Decision d : plan.decisions()) {
            if (d instanceof Decision.Place) {
                v1TaskFailures.get(V1_SCHEDULE).increment();
            } else if (d instanceof Decision.Unschedule) {
                v1TaskFailures.get(V1_UNSCHEDULE).increment();
            }
        }
    }

    @Override
    public void passFailed() {
        passFailures.increment();
    }
}
