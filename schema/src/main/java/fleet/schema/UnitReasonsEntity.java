package fleet.schema;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ours, not fleet's: why the engine did not place a unit, one reason per machine ID and a summary.
 * Both fields are always sent, even empty; machines are in key order (as Go writes a map).
 */
public record UnitReasonsEntity(
        @JsonProperty("machines") Map<String, String> machines,
        @JsonProperty("summary") String summary) {
    public UnitReasonsEntity {
        machines = machines == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(machines));
        summary = summary == null ? "" : summary;
    }
}
