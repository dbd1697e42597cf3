package fleet.registry;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code reasons/<name>}: why the engine did not place a unit, per machine and in one line. */
public record UnitReasons(
        @JsonProperty("machines") Map<String, String> machines,
        @JsonProperty("summary") String summary) {
    public UnitReasons {
        machines = machines == null ? Map.of() : Map.copyOf(machines);
        summary = summary == null ? "" : summary;
    }
}
