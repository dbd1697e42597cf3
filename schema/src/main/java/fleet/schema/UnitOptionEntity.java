package fleet.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a unit file ({@code schema.UnitOption}). A field left out is an empty string, as Go's
 * {@code omitempty} means: fleetd and fleet v1.0 send {@code ExecStartPre=} without a {@code value}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitOptionEntity(
        @JsonProperty("section") String section,
        @JsonProperty("name") String name,
        @JsonProperty("value") String value) {
    public UnitOptionEntity {
        section = section == null ? "" : section;
        name = name == null ? "" : name;
        value = value == null ? "" : value;
    }
}
