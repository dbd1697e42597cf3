package fleet.agent;

import java.util.List;
import java.util.Optional;

/**
 * What one {@link AgentExecutor#execute} did: the tasks carried out, in order, and the task that
 * failed (with systemd's or the file system's message), after which nothing more was tried.
 */
public record ExecutionReport(List<AgentTask> done, Optional<Failure> failure) {
    public record Failure(AgentTask task, String message) {}

    public ExecutionReport {
        done = List.copyOf(done);
    }

    public boolean complete() {
        return failure.isEmpty();
    }
}
