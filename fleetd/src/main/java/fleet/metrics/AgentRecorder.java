package fleet.metrics;

import java.util.List;

import fleet.agent.AgentMetrics;
import fleet.agent.AgentTask;
import fleet.observe.Timing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The agent's task durations and failures by kind of task (never by unit: one series per kind). */
final class AgentRecorder implements AgentMetrics {
    static final List<String> KINDS = List.of("load", "unload", "reload", "start", "stop");

    private final LabelledMeters<Timer> durations;
    private final LabelledMeters<Counter> failures;

    AgentRecorder(MeterRegistry r) {
        durations = new LabelledMeters<>(KINDS, k -> Timer.builder("fleet.agent.task")
                .description("Agent tasks carried out on systemd, by kind (start and stop: until the job is queued).")
                .tag("kind", k).register(r));
        failures = new LabelledMeters<>(KINDS, k -> Counter.builder("fleet.agent.task.failures")
                .description("Agent tasks that failed (retried on a later pass), by kind.").tag("kind", k).register(r));
    }

    @Override
    public Timing task(AgentTask task) {
        String kind = kindOf(task);
        return Timings.start(durations.get(kind), failures.get(kind));
    }

    static String kindOf(AgentTask task) {
        if (task instanceof AgentTask.Load) {
            return "load";
        } else if (task instanceof AgentTask.Unload) {
            return "unload";
        } else if (task instanceof AgentTask.ReloadUnitFiles) {
            return "reload";
        }
        return task instanceof AgentTask.Start ? "start" : "stop";
    }
}
