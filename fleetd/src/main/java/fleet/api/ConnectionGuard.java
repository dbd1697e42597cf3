package fleet.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps slow and idle clients from holding fleetd's connections: a connection must bring a request's
 * headers within {@code headerTimeout} of opening or of its previous response's end, else it is
 * closed (a slowloris trickling header bytes, an idle keep-alive); a request in progress, such as a
 * followed journal, is never cut. At most {@code maxConnections} are open at once; more are closed
 * as they arrive. Runs on the API's one event loop: no locking.
 */
final class ConnectionGuard {
    static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_CONNECTIONS = 512;

    private static final class Watch {
        int inFlight;
        long idleSinceNanos;

        Watch(long now) {
            idleSinceNanos = now;
        }
    }

    private final Duration headerTimeout;
    private final int maxConnections;
    private final Map<HttpConnection, Watch> open = new HashMap<>();
    private long refused;
    private long timedOut;

    ConnectionGuard(Duration headerTimeout, int maxConnections) {
        this.headerTimeout = headerTimeout;
        this.maxConnections = maxConnections;
    }

    /** Sweeps for timed-out connections a few times per timeout. */
    void start(Vertx vertx) {
        vertx.setPeriodic(Math.max(50, headerTimeout.toMillis() / 4), id -> sweep());
    }

    Handler<HttpConnection> onConnection() {
        return c -> {
            if (open.size() >= maxConnections) {
                refused++;
                c.close();
                return;
            }
            open.put(c, new Watch(System.nanoTime()));
            c.closeHandler(v -> open.remove(c));
        };
    }

    /** The first handler of every request: the connection is busy until the response ends. */
    Handler<RoutingContext> onRequest() {
        return ctx -> {
            Watch w = open.get(ctx.request().connection());
            if (w != null) {
                w.inFlight++;
                ctx.addEndHandler(done -> {
                    w.inFlight--;
                    w.idleSinceNanos = System.nanoTime();
                });
            }
            ctx.next();
        };
    }

    private void sweep() {
        long now = System.nanoTime();
        List<HttpConnection> late = new ArrayList<>();
        open.forEach((c, w) -> {
            if (w.inFlight == 0 && now - w.idleSinceNanos > headerTimeout.toNanos()) {
                late.add(c);
            }
        });
        for (HttpConnection c : late) {
            open.remove(c);
            timedOut++;
            c.close();
        }
    }

    int openConnections() {
        return open.size();
    }

    long refused() {
        return refused;
    }

    long timedOut() {
        return timedOut;
    }
}
