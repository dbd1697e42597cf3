package fleet.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fleet.constraint.FailurePolicy;

/**
 * The failures this agent found of its units with {@code RescheduleOnFailure}, kept for each unit's
 * window (also after the unit left this machine: they are why the engine avoids it here). A unit
 * counts once per failure: found failed again after the agent started it again, not on every pass
 * that finds it still failed. Pure: the caller gives the time; {@link #delta} says what to publish.
 */
final class FailureTally {
    private record Failures(FailurePolicy policy, List<Instant> times) {}

    /** What to write to {@code failures/}: the times to put per unit, the units whose record goes. */
    record Delta(Map<String, List<Long>> puts, List<String> removes) {
        boolean isEmpty() {
            return puts.isEmpty() && removes.isEmpty();
        }
    }

    private final Map<String, Failures> units = new HashMap<>();
    /** Units whose current failure is counted: the next counts once the agent started them again. */
    private final Set<String> counted = new HashSet<>();
    private final Map<String, List<Long>> published = new HashMap<>();

    /** The agent found {@code unit} (which has {@code policy}) failed or not at {@code now}. */
    void observe(String unit, FailurePolicy policy, boolean failed, Instant now) {
        if (!failed) {
            counted.remove(unit);
            return;
        }
        if (counted.add(unit)) {
            List<Instant> times = new ArrayList<>(units.containsKey(unit) ? units.get(unit).times() : List.of());
            times.add(now);
            units.put(unit, new Failures(policy, times));
        }
    }

    /** The agent started {@code unit}: a failure found after this is a new one. */
    void started(String unit) {
        counted.remove(unit);
    }

    /** Failures older than their unit's window dropped; what differs from what was published. */
    Delta delta(Instant now) {
        Map<String, List<Long>> puts = new HashMap<>();
        List<String> removes = new ArrayList<>();
        for (String unit : List.copyOf(units.keySet())) {
            Failures f = units.get(unit);
            Instant since = now.minus(f.policy().window());
            List<Instant> recent = f.times().stream().filter(t -> t.isAfter(since)).toList();
            if (recent.isEmpty()) {
                units.remove(unit);
                continue;
            }
            units.put(unit, new Failures(f.policy(), recent));
            List<Long> millis = recent.stream().map(Instant::toEpochMilli).toList();
            if (!millis.equals(published.get(unit))) {
                puts.put(unit, millis);
            }
        }
        for (String unit : published.keySet()) {
            if (!units.containsKey(unit)) {
                removes.add(unit);
            }
        }
        return new Delta(puts, removes);
    }

    /** {@code delta} was written. */
    void published(Delta delta) {
        published.putAll(delta.puts());
        delta.removes().forEach(published::remove);
    }
}
