package fleet.agent;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * A unit the agent has loaded, as the state publisher needs it: the hash of its file and the agent's
 * own view, {@code LAUNCHED} once the agent has started it (or adopted it running), else {@code LOADED}.
 */
public record PublishedUnit(UnitHash hash, DesiredState agentState) {}
