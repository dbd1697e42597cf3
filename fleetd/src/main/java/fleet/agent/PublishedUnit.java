package fleet.agent;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * A unit the agent has loaded, as the state publisher needs it: the hash of its file and the agent's
 * own view, {@code LAUNCHED} once the agent has started it (or adopted it running), else {@code LOADED};
 * {@code agentError} is why its last task failed, null when none did; {@code completed} is whether this
 * version, a {@code Batch=true} unit, exited successfully (published as SubState {@code completed}
 * while systemd has it inactive, instead of {@code dead}).
 */
public record PublishedUnit(UnitHash hash, DesiredState agentState, String agentError, boolean completed) {
    public PublishedUnit(UnitHash hash, DesiredState agentState) {
        this(hash, agentState, null);
    }

    public PublishedUnit(UnitHash hash, DesiredState agentState, String agentError) {
        this(hash, agentState, agentError, false);
    }
}
