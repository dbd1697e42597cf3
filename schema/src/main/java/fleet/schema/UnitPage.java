package fleet.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of {@code GET /units}; {@code nextPageToken} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitPage(
        @JsonProperty("units") List<UnitEntity> units,
        @JsonProperty("nextPageToken") String nextPageToken) {}
