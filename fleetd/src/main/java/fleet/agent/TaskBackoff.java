package fleet.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Units whose task failed are retried with backoff, 1 s doubling to 60 s, while every other unit's
 * tasks go on; the first task of the unit that succeeds clears it. Time comes from the caller. Used
 * on the agent's thread only.
 */
final class TaskBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);

    private record Retry(int failures, Instant notBefore, String why) {}

    private final Map<String, Retry> retries = new HashMap<>();

    /** The plan without the tasks of units still waiting out their backoff (the daemon-reload stays). */
    List<AgentTask> due(List<AgentTask> plan, Instant now) {
        return plan.stream().filter(t -> {
            Retry r = retries.get(t.unitName());
            return r == null || !now.isBefore(r.notBefore());
        }).toList();
    }

    void record(ExecutionReport report, Instant now) {
        report.done().forEach(t -> retries.remove(t.unitName()));
        for (ExecutionReport.Failure f : report.failures()) {
            String unit = f.task().unitName();
            if (unit.isEmpty()) {
                continue; // a failed daemon-reload is the whole host's trouble: the next pass retries it
            }
            int n = retries.containsKey(unit) ? retries.get(unit).failures() + 1 : 1;
            Duration wait = FIRST.multipliedBy(1L << Math.min(n - 1, 6));
            retries.put(unit, new Retry(n, now.plus(wait.compareTo(MAX) > 0 ? MAX : wait),
                    f.task().label() + " failed: " + f.message()));
        }
    }

    /** Forgets units no longer on this machine, neither wanted nor present. */
    void retain(java.util.Set<String> units) {
        retries.keySet().retainAll(units);
    }

    /** Units waiting to be retried, with why their last task failed. */
    Map<String, String> errors() {
        Map<String, String> out = new HashMap<>();
        retries.forEach((u, r) -> out.put(u, r.why()));
        return out;
    }

    /** Units waiting to be retried, with how many times their task failed in a row. */
    Map<String, Integer> waiting() {
        Map<String, Integer> out = new HashMap<>();
        retries.forEach((u, r) -> out.put(u, r.failures()));
        return out;
    }
}
