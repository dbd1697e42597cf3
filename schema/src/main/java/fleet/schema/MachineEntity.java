package fleet.schema;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A live machine ({@code schema.Machine}); {@code metadata} is never null and is kept in key order,
 * so a listing reads the same every time (Go writes a map's keys sorted too).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MachineEntity(
        @JsonProperty("id") String id,
        @JsonProperty("primaryIP") String primaryIP,
        @JsonProperty("metadata") Map<String, String> metadata) {
    public MachineEntity {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }
}
