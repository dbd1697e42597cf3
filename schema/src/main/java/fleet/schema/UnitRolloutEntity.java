package fleet.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ours, in a {@link UnitEntity} of a global unit being rolled out: the new body's {@code hash}, the
 * machines in the order they take it, those that may run it so far ({@code machines}) and how many
 * the roller moves at a time. The unit's own options stay the committed body until the rollout ends.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitRolloutEntity(
        @JsonProperty("hash") String hash,
        @JsonProperty("order") List<String> order,
        @JsonProperty("machines") List<String> machines,
        @JsonProperty("maxParallel") int maxParallel) {
    public UnitRolloutEntity {
        order = order == null ? List.of() : List.copyOf(order);
        machines = machines == null ? List.of() : List.copyOf(machines);
    }
}
