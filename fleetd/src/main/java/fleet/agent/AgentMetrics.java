package fleet.agent;

import fleet.observe.Timing;

/** What the agent tells an observer: how long each task took on systemd, and whether it failed. */
@FunctionalInterface
public interface AgentMetrics {
    AgentMetrics NONE = task -> Timing.NONE;

    Timing task(AgentTask task);
}
