package fleet.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.UnitHash;

/**
 * A rolling update of a global unit, kept in its {@code units/<name>} record and mirrored to
 * {@code global/<name>}: the new body's {@code hash}, the machines in the order they take it, those
 * allowed to take it so far ({@code machines}), and how many at a time the roller moves. Every other
 * machine keeps running the unit's committed hash, so fleet v1.0's clients still see one unit, the
 * committed one, until the roller commits the new body (an ordinary replace, which ends the rollout).
 */
public record RolloutRecord(
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("order") List<String> order,
        @JsonProperty("machines") List<String> machines,
        @JsonProperty("maxParallel") int maxParallel) {

    public RolloutRecord {
        order = order == null ? List.of() : List.copyOf(order);
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    /** Whether {@code machineId} may run the new body. */
    public boolean allows(String machineId) {
        return machines.contains(machineId);
    }
}
