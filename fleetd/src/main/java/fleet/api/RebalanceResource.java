package fleet.api;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.constraint.ParsedUnitCache;
import fleet.engine.SchedulerInput;
import fleet.registry.MoveRecord;
import fleet.registry.UnitCatalog;
import fleet.schedule.Rebalancer;
import fleet.schedule.Strategy;

/**
 * Ours, beside fleet's v1 routes: rebalancing. {@code GET /fleet/v1/rebalance?maxMoves=N} plans the
 * moves ({@link Rebalancer}, the engine's strategy) over the registry now and changes nothing;
 * {@code POST /fleet/v1/rebalance/moves} ({@code {"unit","from","to","why"}}) records one move for the
 * leader to carry out (202), and {@code GET /fleet/v1/rebalance/moves/<unit>} tells its outcome once
 * the leader decided it. The API never moves a unit itself: the engine alone writes placements.
 */
final class RebalanceResource {
    static final int DEFAULT_MAX_MOVES = 10;
    private static final int MAX_MOVES = 10_000;

    private final UnitCatalog registry;
    private final Rebalancer rebalancer;
    private final Clock clock;
    private final ParsedUnitCache parsed = new ParsedUnitCache(4_096);

    RebalanceResource(UnitCatalog registry, Strategy strategy, Clock clock) {
        this.registry = registry;
        this.rebalancer = new Rebalancer(strategy);
        this.clock = clock;
    }

    ApiReply plan(ApiRequest r) {
        int maxMoves = maxMoves(r.first("maxMoves"));
        return ApiReply.ok(rebalancer.plan(SchedulerInput.of(registry.snapshot(0), parsed), maxMoves));
    }

    ApiReply requestMove(ApiRequest r) {
        JsonNode root = ApiJson.read(r.body());
        if (!root.isObject()) {
            throw ApiException.badRequest("unable to decode body: expected a JSON object (a move)");
        }
        String unit = required(root, "unit");
        String from = required(root, "from");
        String to = required(root, "to");
        String why = ApiJson.optionalString(root, "why", "move");
        MoveRecord request = MoveRecord.request(unit, from, to, why == null ? "" : why, clock.millis());
        try {
            if (registry.units().record(unit).isEmpty()) {
                throw ApiException.notFound("unit does not exist");
            }
            registry.moves().request(request);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return new ApiReply(202, request);
    }

    ApiReply move(ApiRequest r) {
        try {
            return ApiReply.ok(registry.moves().get(r.name()).orElseThrow(() -> ApiException.notFound("no move on record")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String required(JsonNode root, String field) {
        String v = ApiJson.optionalString(root, field, "move");
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("\"" + field + "\" is required");
        }
        return v;
    }

    private static int maxMoves(String value) {
        if (value == null) {
            return DEFAULT_MAX_MOVES;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_MOVES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("maxMoves must be a number from 0 to " + MAX_MOVES);
    }
}
