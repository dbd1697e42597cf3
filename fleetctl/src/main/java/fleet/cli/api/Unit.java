package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A unit as the API returns it (fleet's {@code schema.Unit}), plus our extension {@code reasons}: why
 * the engine could not place it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Unit(String name, List<UnitOption> options, String desiredState, String currentState,
        String machineID, UnitReasons reasons) {
    private static final Set<String> TRUE = Set.of("true", "yes", "1", "on", "t");

    public Unit {
        options = options == null ? List.of() : List.copyOf(options);
    }

    @JsonIgnore
    public UnitFile unitFile() {
        return UnitFile.of(options);
    }

    /** {@code [X-Fleet] Global=} is truthy (the last value wins, as in fleet). */
    @JsonIgnore
    public boolean isGlobal() {
        return unitFile().lastValue("X-Fleet", "Global")
                .map(v -> TRUE.contains(v.trim().toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    @JsonIgnore
    public boolean isScheduled() {
        return machineID != null && !machineID.isEmpty();
    }
}
