package fleet.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.constraint.FailurePolicy;
import fleet.constraint.ParsedUnitCache;
import fleet.registry.AgentStore;
import fleet.registry.CompletionRecord;
import fleet.registry.MachinePresence;
import fleet.registry.RegistryException;
import fleet.systemd.JobResult;
import fleet.systemd.UnitState;
import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * How the agent's opted-in units ended, for the engine: failures of units with
 * {@code RescheduleOnFailure} ({@code failures/}) and successful runs of {@code Batch=true} units
 * ({@code completions/}). Used on the agent's pass thread, except {@link #startJobEnded}.
 */
final class UnitOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOutcomes.class);

    private final AgentStore store;
    private final MachinePresence presence;
    private final ParsedUnitCache parsedUnits;
    private final Clock clock;
    /** Asks for a pass, to record a completion at once rather than at the next timer pass. */
    private final Runnable wake;
    private final FailureTally failures = new FailureTally();
    /** Batch units whose start job ended "done" since the last pass (a oneshot's: its process exited 0). */
    private final ConcurrentLinkedQueue<String> startsDone = new ConcurrentLinkedQueue<>();
    /** The Batch=true units of the last pass (read from systemd's threads). */
    private volatile Set<String> batchUnits = Set.of();
    /** Batch units that completed here, with the version that did. */
    private final Map<String, UnitHash> completed = new HashMap<>();

    UnitOutcomes(AgentStore store, MachinePresence presence, ParsedUnitCache parsedUnits, Clock clock, Runnable wake) {
        this.store = store;
        this.presence = presence;
        this.parsedUnits = parsedUnits;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * A unit with RescheduleOnFailure found failed counts one failure and is taken out of
     * {@code launched}, so this pass starts it again (fleet v1.0 left a failed unit alone); the engine
     * moves it once it failed often enough here. Then the completions since the last pass are recorded.
     */
    void beforePlan(DesiredUnits desired, Map<String, UnitHash> present, Map<String, UnitState> states,
            Set<String> launched) {
        Instant now = clock.instant();
        desired.units().forEach((name, d) -> {
            Optional<FailurePolicy> policy = parsedUnits.get(name, d.hash(), d.body()).requirements().rescheduleOnFailure();
            if (policy.isPresent() && present.containsKey(name)) {
                boolean failed = states.get(name) != null && "failed".equals(states.get(name).active());
                failures.observe(name, policy.get(), failed, now);
                if (failed && d.state() == DesiredState.LAUNCHED) {
                    launched.remove(name);
                }
            }
        });
        recordCompletions(desired);
    }

    /** The agent started {@code unit}: its next failure is a new one. */
    void started(String unit) {
        failures.started(unit);
    }

    /** From systemd's thread: how a start job ended. */
    void startJobEnded(JobResult r) {
        if (r.succeeded() && batchUnits.contains(r.unitName())) {
            startsDone.add(r.unitName());
            wake.run();
        }
    }

    /** Whether {@code unit} at {@code hash} completed here; forgets units no longer on the host. */
    boolean completed(String unit, UnitHash hash, Set<String> present) {
        completed.keySet().retainAll(present);
        return hash.equals(completed.get(unit));
    }

    /** A Batch=true unit whose start job ended "done" ran to a successful exit: recorded for the engine. */
    private void recordCompletions(DesiredUnits desired) {
        batchUnits = desired.units().values().stream()
                .filter(d -> parsedUnits.get(d.name(), d.hash(), d.body()).requirements().batch())
                .map(DesiredUnit::name).collect(Collectors.toUnmodifiableSet());
        for (String name = startsDone.poll(); name != null; name = startsDone.poll()) {
            DesiredUnit d = desired.units().get(name);
            if (d == null || d.state() != DesiredState.LAUNCHED || !batchUnits.contains(name)) {
                continue;
            }
            try {
                store.publishCompletion(new CompletionRecord(name, d.hash(), presence.machine().id(),
                        clock.instant().toEpochMilli()));
                completed.put(name, d.hash());
                LOG.info("{} completed (Batch=true): it will not be started again", name);
            } catch (RegistryException e) {
                LOG.warn("completion of {} not recorded: {}; retried next pass", name, e.getMessage());
                startsDone.add(name);
                return;
            }
        }
    }

    /** Writes what changed in the failure records (new failures, ones that left their window). */
    void publishFailures() {
        FailureTally.Delta delta = failures.delta(clock.instant());
        if (delta.isEmpty()) {
            return;
        }
        try {
            store.publishFailures(presence, delta.puts(), delta.removes());
            failures.published(delta);
        } catch (RegistryException e) {
            LOG.warn("failures of {} unit(s) not published: {}; retried next pass",
                    delta.puts().size() + delta.removes().size(), e.getMessage());
        }
    }
}
