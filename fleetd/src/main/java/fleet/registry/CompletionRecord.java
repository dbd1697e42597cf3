package fleet.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.UnitHash;

/**
 * {@code completions/<unit>}: a unit with {@code [X-Fleet] Batch=true} exited successfully, this version
 * of it ({@code hash}), on {@code machineID} at {@code completedAt} (ms since the epoch, the agent's
 * clock). Written by that agent with no lease (it outlives the machine); deleted by the API with the
 * unit or when the unit is replaced by a new version.
 */
public record CompletionRecord(
        @JsonProperty("unit") String unit,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("completedAt") long completedAt) {}
