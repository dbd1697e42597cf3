package fleet.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.UnitHash;

/**
 * {@code states/<name>/<machineID>}: a unit's systemd state on one machine, published by that
 * machine's agent on its lease. {@code agentState} is the agent's own view (e.g. loaded, launched).
 */
public record UnitStateRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("loadState") String loadState,
        @JsonProperty("activeState") String activeState,
        @JsonProperty("subState") String subState,
        @JsonProperty("agentState") String agentState) {}
