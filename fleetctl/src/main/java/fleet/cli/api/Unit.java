package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import fleet.constraint.ParsedUnit;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import fleet.unit.UnitOption;
import java.util.List;

/**
 * A unit as the API returns it (fleet's {@code schema.Unit}), plus our extension {@code reasons}: why
 * the engine could not place it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Unit(String name, List<UnitOption> options, String desiredState, String currentState,
        String machineID, UnitReasons reasons) {
    public Unit {
        options = options == null ? List.of() : List.copyOf(options);
    }

    @JsonIgnore
    public UnitFile unitFile() {
        return UnitFile.of(options);
    }

    /** Global by the rule fleetd decides it with ({@link ParsedUnit}): fleet's truthy values, quotes allowed. */
    @JsonIgnore
    public boolean isGlobal() {
        return ParsedUnit.of(UnitName.trusted(name), unitFile()).global();
    }

    @JsonIgnore
    public boolean isScheduled() {
        return machineID != null && !machineID.isEmpty();
    }
}
