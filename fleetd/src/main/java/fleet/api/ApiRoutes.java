package fleet.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import fleet.web.LiveView;
import fleet.web.ViewRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * fleet's API v1 routes, mounted under {@code /fleet/v1/} and the legacy {@code /v1-alpha/}. Paths
 * are matched exactly by regular expressions; a known path with another method gets fleet's 405
 * message, {@code /} and the bare prefixes 405, anything else 404.
 */
final class ApiRoutes {
    private static final String P = "^/(?:fleet/v1|v1-alpha)";
    private static final String GET_ONLY = "only GET supported against this resource";
    private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.PUT,
            HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Vertx vertx;
    private final Router router;
    private final ApiMetrics metrics;

    private ApiRoutes(Vertx vertx, ApiMetrics metrics) {
        this.vertx = vertx;
        this.router = Router.router(vertx);
        this.metrics = metrics;
    }

    static Router build(Vertx vertx, ApiSettings s, Resources r, BooleanSupplier ready, Handler<RoutingContext> first,
            ApiMetrics metrics) {
        ApiRoutes a = new ApiRoutes(vertx, metrics);
        a.router.route().handler(first);
        a.router.route().handler(ctx -> counted(ctx, metrics));
        a.router.route().handler(ctx -> a.gate(ctx, ready, s.version()));
        a.router.route().failureHandler(ctx -> a.failure(ctx, s.bodyLimit()));
        BodyHandler body = BodyHandler.create(false).setBodyLimit(s.bodyLimit());
        Handler<RoutingContext> budget = new BodyBudget(s.bodyLimit()).handler();

        a.route(HttpMethod.GET, P + "/discovery$", r.discovery()::serve);
        // fleet answered 400 here, not 405
        a.router.routeWithRegex(P + "/discovery$").handler(ctx -> ErrorReplies.send(ctx.response(), 400,
                "only HTTP GET supported against this resource"));
        a.route(HttpMethod.GET, P + "/units$", a.blocking(r.units()::list));
        // ours, not fleet's: many new units in one request (fleet v1.0 answered 405 here)
        a.route(HttpMethod.POST, "^/fleet/v1/units$", ApiRoutes::requireJson, budget);
        a.route(HttpMethod.POST, "^/fleet/v1/units$", body, a.blocking(r.units()::createMany));
        a.methodNotAllowed(P + "/units$", GET_ONLY);
        a.route(HttpMethod.GET, P + "/units/(?<name>[^/]+)/status$", r.inspect()::status);
        a.methodNotAllowed(P + "/units/(?<name>[^/]+)/status$", GET_ONLY);
        a.route(HttpMethod.GET, P + "/units/(?<name>[^/]+)/journal$", r.inspect()::journal);
        a.methodNotAllowed(P + "/units/(?<name>[^/]+)/journal$", GET_ONLY);
        // ours: the rolling update of a global unit (RolloutPut)
        a.route(HttpMethod.PUT, "^/fleet/v1/units/(?<name>[^/]+)/rollout$", ApiRoutes::requireJson, budget);
        a.route(HttpMethod.PUT, "^/fleet/v1/units/(?<name>[^/]+)/rollout$", body, a.blocking(r.units()::putRollout));
        a.methodNotAllowed("^/fleet/v1/units/(?<name>[^/]+)/rollout$", "only PUT supported against this resource");
        // ours: rebalancing (RebalanceResource)
        a.route(HttpMethod.GET, "^/fleet/v1/rebalance$", a.blocking(r.rebalance()::plan));
        a.methodNotAllowed("^/fleet/v1/rebalance$", GET_ONLY);
        a.route(HttpMethod.POST, "^/fleet/v1/rebalance/moves$", ApiRoutes::requireJson, budget);
        a.route(HttpMethod.POST, "^/fleet/v1/rebalance/moves$", body, a.blocking(r.rebalance()::requestMove));
        a.methodNotAllowed("^/fleet/v1/rebalance/moves$", "only POST supported against this resource");
        a.route(HttpMethod.GET, "^/fleet/v1/rebalance/moves/(?<name>[^/]+)$", a.blocking(r.rebalance()::move));
        a.methodNotAllowed("^/fleet/v1/rebalance/moves/(?<name>[^/]+)$", GET_ONLY);
        a.route(HttpMethod.GET, P + "/units/(?<name>.+)$", a.blocking(r.units()::get));
        a.route(HttpMethod.DELETE, P + "/units/(?<name>.+)$", a.blocking(r.units()::delete));
        // two routes: the content type is checked before the body is read (a body handler must come first on its route)
        a.route(HttpMethod.PUT, P + "/units/(?<name>.+)$", ApiRoutes::requireJson, budget);
        a.route(HttpMethod.PUT, P + "/units/(?<name>.+)$", body, a.blocking(r.units()::put));
        a.methodNotAllowed(P + "/units/(?<name>.+)$", "only GET, PUT and DELETE supported against this resource");
        a.route(HttpMethod.GET, P + "/state$", a.blocking(r.states()::list));
        a.methodNotAllowed(P + "/state$", GET_ONLY);
        a.route(HttpMethod.GET, P + "/state/(?<name>.+)$", a.blocking(r.states()::get));
        a.methodNotAllowed(P + "/state/(?<name>.+)$", GET_ONLY);
        a.route(HttpMethod.GET, P + "/machines$", a.blocking(r.machines()::list));
        a.route(HttpMethod.PATCH, P + "/machines$", budget);
        a.route(HttpMethod.PATCH, P + "/machines$", body, a.blocking(r.machines()::patch));
        a.methodNotAllowed(P + "/machines$", "only GET and PATCH supported against this resource");
        ViewRoutes.mount(a.router, r.view());
        // fleet v1.0 served Prometheus metrics here too, behind the same gate
        a.route(HttpMethod.GET, "^/metrics$", a.blocking(metrics::scrape, "text/plain; version=0.0.4; charset=utf-8"));
        a.methodNotAllowed("^/metrics$", GET_ONLY);
        a.methodNotAllowed(P + "$", null);
        a.methodNotAllowed("^/$", null);
        a.router.route().handler(ctx -> ErrorReplies.send(ctx.response(), 404, null));
        return a.router;
    }

    /** The resources behind the routes. */
    record Resources(UnitsResource units, StatesResource states, MachinesResource machines,
            DiscoveryResource discovery, InspectResource inspect, LiveView view, RebalanceResource rebalance) {}

    /** Tells {@code metrics} of the request once its response has gone, with the route's template and the status. */
    private static void counted(RoutingContext ctx, ApiMetrics metrics) {
        long started = System.nanoTime();
        String method = KNOWN_METHODS.contains(ctx.request().method()) ? ctx.request().method().name() : "other";
        String route = ApiRouteLabel.of(ctx.request().path());
        ctx.addEndHandler(done -> metrics.answered(method, route, ctx.response().getStatusCode(),
                System.nanoTime() - started));
        ctx.next();
    }

    /** 503 (without the Server header, as fleet) until ready; then the Server header on everything. */
    private void gate(RoutingContext ctx, BooleanSupplier ready, String version) {
        if (!ready.getAsBoolean()) {
            ErrorReplies.send(ctx.response(), 503, ErrorReplies.ETCD_UNAVAILABLE);
            return;
        }
        ctx.response().putHeader("Server", "fleetd/" + version);
        ctx.next();
    }

    private void failure(RoutingContext ctx, int bodyLimit) {
        if (ctx.failure() != null) {
            ApiException e = ErrorReplies.map(ctx.failure());
            ErrorReplies.send(ctx.response(), e.status(), e.getMessage());
        } else if (ctx.statusCode() == 413) {
            ErrorReplies.send(ctx.response(), 413, "request body larger than " + bodyLimit + " bytes");
        } else {
            ErrorReplies.send(ctx.response(), ctx.statusCode() > 0 ? ctx.statusCode() : 500, null);
        }
    }

    /** fleet: exactly one Content-Type header, whose media type is application/json. */
    private static void requireJson(RoutingContext ctx) {
        List<String> types = ctx.request().headers().getAll("Content-Type");
        if (types.size() != 1) {
            ErrorReplies.send(ctx.response(), 415, "expected 1 Content-Type, got " + types.size());
            return;
        }
        String media = types.get(0).split(";", 2)[0].trim();
        if (!media.equals("application/json")) {
            ErrorReplies.send(ctx.response(), 415, "only acceptable Content-Type is application/json");
            return;
        }
        ctx.next();
    }

    /** Runs the endpoint on a worker thread (registry calls block) and writes its reply on the event loop. */
    private Handler<RoutingContext> blocking(BlockingEndpoint endpoint) {
        return ctx -> {
            ApiRequest request = ApiRequest.of(ctx);
            long[] at = {System.nanoTime(), 0, 0}; // handed off, started, returned
            vertx.executeBlocking(() -> {
                at[1] = System.nanoTime();
                try {
                    return endpoint.call(request);
                } finally {
                    at[2] = System.nanoTime();
                }
            }, false).onComplete(ar -> {
                metrics.handedOff(ctx.request().method().name(), ApiRouteLabel.of(ctx.request().path()),
                        at[1] - at[0], at[2] - at[1], System.nanoTime() - at[2]);
                if (ar.failed()) {
                    ApiException e = ErrorReplies.map(ar.cause());
                    ErrorReplies.send(ctx.response(), e.status(), e.getMessage());
                } else if (ar.result().body() == null) {
                    ctx.response().setStatusCode(ar.result().status()).end();
                } else {
                    ctx.response().setStatusCode(ar.result().status()).putHeader("Content-Type", "application/json")
                            .end(ApiJson.write(ar.result().body()));
                }
            });
        };
    }

    /** Runs {@code text} on a worker thread and answers it as a body of {@code contentType}. */
    private Handler<RoutingContext> blocking(Callable<String> text, String contentType) {
        return ctx -> vertx.executeBlocking(text, false).onComplete(ar -> {
            if (ar.failed()) {
                ApiException e = ErrorReplies.map(ar.cause());
                ErrorReplies.send(ctx.response(), e.status(), e.getMessage());
            } else {
                ctx.response().putHeader("Content-Type", contentType).end(ar.result());
            }
        });
    }

    @SafeVarargs
    private void route(HttpMethod method, String regex, Handler<RoutingContext>... handlers) {
        var route = router.routeWithRegex(method, regex);
        for (Handler<RoutingContext> h : handlers) {
            route.handler(h);
        }
    }

    private void methodNotAllowed(String regex, String message) {
        router.routeWithRegex(regex).handler(ctx -> ErrorReplies.send(ctx.response(), 405, message));
    }
}
