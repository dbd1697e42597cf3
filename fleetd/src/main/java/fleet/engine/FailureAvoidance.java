package fleet.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import fleet.constraint.FailurePolicy;
import fleet.registry.FailureRecord;

/**
 * Which machines a unit with {@code RescheduleOnFailure} avoids now, each with why: those where its
 * agent found it failed at least {@code count} times within the last {@code window}. A machine is
 * avoided until the oldest of those failures leaves the window, so a unit failing everywhere moves
 * at most once per window per machine and never ping-pongs. Pure: the time is the caller's.
 */
public final class FailureAvoidance {
    private final Map<String, List<FailureRecord>> byUnit = new HashMap<>();

    public FailureAvoidance(List<FailureRecord> failures) {
        for (FailureRecord f : failures) {
            byUnit.computeIfAbsent(f.unit(), u -> new ArrayList<>()).add(f);
        }
    }

    /** Machine ID to why, for {@code unit} under {@code policy} at {@code now}; empty when none. */
    public Map<String, String> avoided(String unit, FailurePolicy policy, Instant now) {
        Map<String, String> out = new TreeMap<>();
        for (FailureRecord f : byUnit.getOrDefault(unit, List.of())) {
            Instant since = now.minus(policy.window());
            List<Instant> recent = f.failedAt().stream().map(Instant::ofEpochMilli).filter(t -> t.isAfter(since))
                    .sorted().toList();
            if (recent.size() >= policy.count()) {
                Instant until = recent.get(recent.size() - policy.count()).plus(policy.window());
                out.put(f.machineID(), "failed " + recent.size() + " times within " + policy.windowText()
                        + " (RescheduleOnFailure=" + policy + "), avoided until "
                        + until.truncatedTo(ChronoUnit.SECONDS));
            }
        }
        return out;
    }
}
