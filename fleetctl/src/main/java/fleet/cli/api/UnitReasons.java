package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/** Why the engine did not place a unit: one reason per machine, and a summary. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitReasons(Map<String, String> machines, String summary) {
    public UnitReasons {
        machines = machines == null ? Map.of() : new TreeMap<>(machines);
        summary = summary == null ? "" : summary;
    }
}
