package fleet.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * systemd's view of a unit on one machine ({@code schema.UnitState}). {@code agentError} is ours:
 * why that machine's agent could not carry out its last task for the unit.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitStateEntity(
        @JsonProperty("name") String name,
        @JsonProperty("hash") String hash,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("systemdLoadState") String systemdLoadState,
        @JsonProperty("systemdActiveState") String systemdActiveState,
        @JsonProperty("systemdSubState") String systemdSubState,
        @JsonProperty("agentError") String agentError) {}
