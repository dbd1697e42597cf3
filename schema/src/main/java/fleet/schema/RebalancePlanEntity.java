package fleet.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Ours, not fleet's: {@code GET /fleet/v1/rebalance}: the moves in order, and why the plan ends there. */
public record RebalancePlanEntity(
        @JsonProperty("moves") List<RebalanceMoveEntity> moves,
        @JsonProperty("summary") String summary) {
    public RebalancePlanEntity {
        moves = moves == null ? List.of() : List.copyOf(moves);
    }
}
