package fleet.web;

import java.util.Optional;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The read-only web view under {@code /ui/}: the page and its files, {@code /ui/view.json} (the
 * latest view) and {@code /ui/events} (server-sent events: the view after every change). Mounted
 * on the API's router, behind the same listeners and gate as the API.
 */
public final class ViewRoutes {
    /** A viewer's connection may queue this much before its messages are held back (one kept). */
    static final int VIEWER_QUEUE_BYTES = 64 * 1024;
    /** Nothing is fetched from anywhere but this fleetd; no framing by other sites. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final LiveView view;
    private final ViewAssets assets = new ViewAssets();

    private ViewRoutes(LiveView view) {
        this.view = view;
    }

    public static void mount(Router router, LiveView view) {
        ViewRoutes r = new ViewRoutes(view);
        router.routeWithRegex(HttpMethod.GET, "^/ui/?$").handler(ctx -> r.asset(ctx, "index.html"));
        router.routeWithRegex(HttpMethod.GET, "^/ui/(?<file>view\\.css|view\\.js)$")
                .handler(ctx -> r.asset(ctx, ctx.pathParam("file")));
        router.routeWithRegex(HttpMethod.GET, "^/ui/view\\.json$").handler(r::json);
        router.routeWithRegex(HttpMethod.GET, "^/ui/events$").handler(r::events);
        router.routeWithRegex("^/ui(/.*)?$").handler(ctx -> plain(ctx.response(), 404, "not found"));
    }

    private void asset(RoutingContext ctx, String name) {
        ViewAssets.Asset a = assets.get(name);
        secured(ctx.response()).putHeader("Content-Type", a.type()).putHeader("Cache-Control", "no-cache")
                .end(a.content());
    }

    private void json(RoutingContext ctx) {
        Optional<String> latest = view.latest();
        if (latest.isEmpty()) {
            plain(ctx.response().putHeader("Retry-After", "1"), 503, "the view is being read; try again");
            return;
        }
        secured(ctx.response()).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(latest.get());
    }

    private void events(RoutingContext ctx) {
        HttpServerResponse r = secured(ctx.response());
        // headers go out with the first write: the latest view, which join sends at once
        r.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").setWriteQueueMaxSize(VIEWER_QUEUE_BYTES);
        Optional<StreamClient> viewer = view.join(new ResponseSink(r));
        if (viewer.isEmpty()) {
            plain(r, 503, "too many viewers (at most " + view.maxViewers() + ")");
            return;
        }
        r.write("retry: 2000\n\n");
        r.drainHandler(v -> viewer.get().drained());
        r.closeHandler(v -> view.leave(viewer.get()));
    }

    private static HttpServerResponse secured(HttpServerResponse r) {
        return r.putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
    }

    private static void plain(HttpServerResponse r, int status, String text) {
        r.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text + "\n");
    }

    /** A viewer's HTTP response (Vert.x serialises writes from any thread on the connection). */
    private record ResponseSink(HttpServerResponse response) implements StreamSink {
        @Override
        public boolean full() {
            return response.writeQueueFull();
        }

        @Override
        public void write(String text) {
            response.write(text);
        }

        @Override
        public void close() {
            response.end();
        }
    }
}
