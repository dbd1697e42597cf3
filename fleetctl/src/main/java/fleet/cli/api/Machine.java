package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/** A live machine (fleet's {@code schema.Machine}); metadata is kept sorted by key. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Machine(String id, String primaryIP, Map<String, String> metadata) {
    public Machine {
        metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
    }
}
