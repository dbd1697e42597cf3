package fleet.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A unit ({@code schema.Unit}): what {@code GET /units} and {@code GET /units/<name>} return, and
 * the body of {@code PUT /units/<name>}, where only {@code name}, {@code options} and
 * {@code desiredState} count. {@code reasons} is ours: why the engine has not placed the unit;
 * {@code rollout} too: the rolling update of a global unit under way.
 * {@code options} is never null (left out when empty).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitEntity(
        @JsonProperty("name") String name,
        @JsonProperty("options") List<UnitOptionEntity> options,
        @JsonProperty("desiredState") String desiredState,
        @JsonProperty("currentState") String currentState,
        @JsonProperty("machineID") String machineID,
        @JsonProperty("reasons") UnitReasonsEntity reasons,
        @JsonProperty("rollout") UnitRolloutEntity rollout) {
    public UnitEntity {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public UnitEntity(String name, List<UnitOptionEntity> options, String desiredState, String currentState,
            String machineID, UnitReasonsEntity reasons) {
        this(name, options, desiredState, currentState, machineID, reasons, null);
    }
}
