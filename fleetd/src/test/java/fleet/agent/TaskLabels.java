package fleet.agent;

import java.util.List;

/** A plan or report as "Kind(unit)" strings, as the agent logs them: easy to compare in a test. */
final class TaskLabels {
    private TaskLabels() {}

    static List<String> of(List<AgentTask> tasks) {
        return tasks.stream().map(AgentTask::label).toList();
    }
}
