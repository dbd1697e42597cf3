package fleet.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.UnitHash;

/**
 * {@code states/<name>/<machineID>}: a unit's systemd state on one machine, published by that
 * machine's agent on its lease. {@code agentState} is the agent's own view (e.g. loaded, launched);
 * {@code agentError}, when set, is why the agent's last task for the unit failed (it is retried).
 */
public record UnitStateRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("loadState") String loadState,
        @JsonProperty("activeState") String activeState,
        @JsonProperty("subState") String subState,
        @JsonProperty("agentState") String agentState,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("agentError") String agentError) {

    public UnitStateRecord(String name, UnitHash hash, String machineID, String loadState, String activeState,
            String subState, String agentState) {
        this(name, hash, machineID, loadState, activeState, subState, agentState, null);
    }
}
