package fleet.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of {@code GET /machines}; {@code nextPageToken} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MachinePage(
        @JsonProperty("machines") List<MachineEntity> machines,
        @JsonProperty("nextPageToken") String nextPageToken) {}
