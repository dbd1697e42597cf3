package fleet.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ours, not fleet's: one rebalancing move, planned ({@code GET /fleet/v1/rebalance}) or on record
 * ({@code GET /fleet/v1/rebalance/moves/<unit>}: then with the engine's {@code outcome}, {@code moved}
 * or {@code refused}, and its {@code detail}; both null while the move is pending).
 */
public record RebalanceMoveEntity(
        @JsonProperty("unit") String unit,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("why") String why,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("detail") String detail) {}
