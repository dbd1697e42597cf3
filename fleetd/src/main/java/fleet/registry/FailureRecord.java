package fleet.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code failures/<unit>/<machineID>}: when the machine's agent found a unit with
 * {@code RescheduleOnFailure} failed, in milliseconds since the epoch (the agent's clock), oldest
 * first, only those within the unit's window. Published on the machine's lease; read by the engine.
 */
public record FailureRecord(
        @JsonProperty("unit") String unit,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("failedAt") List<Long> failedAt) {
    public FailureRecord {
        failedAt = failedAt == null ? List.of() : List.copyOf(failedAt);
    }
}
