package fleet.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.registry.UnitReasons;

/**
 * The API v1 entities with fleet's exact JSON field names. Like fleet's generated schema, empty
 * fields are left out ({@code omitempty}). {@code reasons} is our addition: why the engine has not
 * placed the unit.
 */
final class Entities {
    private Entities() {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record UnitOptionEntity(@JsonProperty("section") String section, @JsonProperty("name") String name,
            @JsonProperty("value") String value) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record UnitEntity(
            @JsonProperty("name") String name,
            @JsonProperty("options") List<UnitOptionEntity> options,
            @JsonProperty("desiredState") String desiredState,
            @JsonProperty("currentState") String currentState,
            @JsonProperty("machineID") String machineID,
            @JsonProperty("reasons") UnitReasons reasons) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record UnitStateEntity(
            @JsonProperty("name") String name,
            @JsonProperty("hash") String hash,
            @JsonProperty("machineID") String machineID,
            @JsonProperty("systemdLoadState") String systemdLoadState,
            @JsonProperty("systemdActiveState") String systemdActiveState,
            @JsonProperty("systemdSubState") String systemdSubState,
            @JsonProperty("agentError") String agentError) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record MachineEntity(@JsonProperty("id") String id, @JsonProperty("primaryIP") String primaryIP,
            @JsonProperty("metadata") Map<String, String> metadata) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record UnitPage(@JsonProperty("units") List<UnitEntity> units,
            @JsonProperty("nextPageToken") String nextPageToken) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record UnitStatePage(@JsonProperty("states") List<UnitStateEntity> states,
            @JsonProperty("nextPageToken") String nextPageToken) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record MachinePage(@JsonProperty("machines") List<MachineEntity> machines,
            @JsonProperty("nextPageToken") String nextPageToken) {}

    record ErrorBody(@JsonProperty("error") ErrorEntity error) {}

    record ErrorEntity(@JsonProperty("code") int code, @JsonProperty("message") String message) {}
}
