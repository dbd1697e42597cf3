package fleet.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.ext.web.RoutingContext;

/**
 * What a blocking endpoint needs from a request, copied on the event loop so the worker thread
 * never touches the routing context.
 *
 * @param name  the unit name of an item path, or null
 * @param query every query parameter with all its values
 * @param body  the request body, or null
 */
record ApiRequest(String name, Map<String, List<String>> query, String body) {
    static ApiRequest of(RoutingContext ctx) {
        Map<String, List<String>> query = new TreeMap<>();
        for (String key : ctx.queryParams().names()) {
            query.put(key, List.copyOf(ctx.queryParams().getAll(key)));
        }
        String body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asString();
        return new ApiRequest(ctx.pathParam("name"), query, body);
    }

    List<String> all(String param) {
        return query.getOrDefault(param, List.of());
    }

    /** The first value of a query parameter (as fleet reads filters), or null; empty counts as absent. */
    String first(String param) {
        List<String> v = all(param);
        return v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }
}
