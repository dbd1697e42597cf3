package fleet.agent;

import java.util.List;

/**
 * What one {@link AgentExecutor#execute} did: the tasks carried out, in order, and the tasks that
 * failed (with systemd's or the file system's message). A failed task skips the rest of its own
 * unit's tasks; a failed daemon-reload skips everything after it.
 */
public record ExecutionReport(List<AgentTask> done, List<Failure> failures) {
    public record Failure(AgentTask task, String message) {}

    public ExecutionReport {
        done = List.copyOf(done);
        failures = List.copyOf(failures);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
