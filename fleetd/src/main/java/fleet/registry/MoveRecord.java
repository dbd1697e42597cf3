package fleet.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code moves/<unit>}: a rebalancing move asked for ({@code fleetctl rebalance}), from one machine
 * to another, with why; written by the API without an outcome. The leader's next pass carries it out
 * if it still holds and writes the record again, fenced, with its {@code outcome} ({@code moved} or
 * {@code refused}) and {@code detail}. At most one move per unit is on record; a new request replaces it.
 *
 * @param requestedAt ms since the epoch, the API's clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MoveRecord(
        @JsonProperty("unit") String unit,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("why") String why,
        @JsonProperty("requestedAt") long requestedAt,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("detail") String detail) {
    public static final String MOVED = "moved";
    public static final String REFUSED = "refused";

    public static MoveRecord request(String unit, String from, String to, String why, long requestedAt) {
        return new MoveRecord(unit, from, to, why, requestedAt, null, null);
    }

    /** Not yet carried out nor refused. */
    public boolean pending() {
        return outcome == null;
    }

    public MoveRecord decided(boolean moved, String detail) {
        return new MoveRecord(unit, from, to, why, requestedAt, moved ? MOVED : REFUSED, detail);
    }
}
