package fleet.api;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.config.ApiListener;
import fleet.loop.DaemonLoopThread;
import fleet.registry.UnitCatalog;
import fleet.schedule.Strategy;
import fleet.web.LiveView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;

/**
 * fleet's HTTP API v1 on a unix socket (Vert.x on the JDK's NIO transport, no native library) and on
 * optional TCP listeners. Every request is answered 503 until {@link #setReady(boolean)} says the
 * daemon has registered its machine; registry calls run on worker threads. The server owns its
 * Vert.x instance (not jetcd's) and closes it in {@link #close()}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final ApiSettings settings;
    private final Vertx vertx;
    private final WorkerExecutor inspectPool;
    private final Router router;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final List<HttpServer> servers = new ArrayList<>();
    private final ConnectionGuard guard;
    private final LiveView view;
    private volatile boolean ownsSocket;

    public ApiServer(ApiSettings settings, UnitCatalog registry, UnitInspector inspector) {
        this(settings, registry, inspector, ApiMetrics.NONE);
    }

    /** An API that reports its requests to {@code metrics} and serves its text at {@code /metrics}. */
    public ApiServer(ApiSettings settings, UnitCatalog registry, UnitInspector inspector, ApiMetrics metrics) {
        this(settings, registry, inspector, metrics, Strategy.SPREAD);
    }

    /** As above, planning rebalancing with the engine's {@code strategy}. */
    public ApiServer(ApiSettings settings, UnitCatalog registry, UnitInspector inspector, ApiMetrics metrics,
            Strategy strategy) {
        this(settings, registry, inspector, new ConnectionGuard(ConnectionGuard.DEFAULT_HEADER_TIMEOUT,
                ConnectionGuard.DEFAULT_MAX_CONNECTIONS), metrics, strategy);
    }

    /** With {@code guard}'s header timeout and connection limit (tests use short ones). */
    ApiServer(ApiSettings settings, UnitCatalog registry, UnitInspector inspector, ConnectionGuard guard) {
        this(settings, registry, inspector, guard, ApiMetrics.NONE, Strategy.SPREAD);
    }

    private ApiServer(ApiSettings settings, UnitCatalog registry, UnitInspector inspector, ConnectionGuard guard,
            ApiMetrics metrics, Strategy strategy) {
        this.settings = settings;
        this.guard = guard;
        // a worker thread, once made, lives as long as Vert.x: 8 serve the lab's 8 concurrent clients
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(8));
        this.inspectPool = vertx.createSharedWorkerExecutor("fleet-api-inspect", 8);
        this.view = new LiveView(registry.feed(), new DaemonLoopThread("web-view"));
        ApiRoutes.Resources resources = new ApiRoutes.Resources(
                new UnitsResource(registry, settings.tokenLimit()),
                new StatesResource(registry, settings.tokenLimit()),
                new MachinesResource(registry, settings.tokenLimit()),
                new DiscoveryResource(),
                new InspectResource(registry, inspector, settings.machineId(), inspectPool,
                        new ApiForwarder(vertx, settings)), view,
                new RebalanceResource(registry, strategy, Clock.systemUTC()));
        this.router = ApiRoutes.build(vertx, settings, resources, ready::get, guard.onRequest(),
                metrics);
    }

    /**
     * Binds the unix socket and every TCP listener, or fails with {@link ApiStartException} having
     * closed whatever it had bound. Listener options are checked before anything is bound.
     */
    public void start() {
        List<HttpServerOptions> tcp = new ArrayList<>();
        for (ApiListener l : settings.listeners()) {
            tcp.add(TcpListenerOptions.of(l, settings));
        }
        guard.start(vertx);
        try {
            UnixSocketFile.prepare(settings.socket());
            servers.add(listen(new HttpServerOptions(), SocketAddress.domainSocketAddress(settings.socket().toString()),
                    "unix socket " + settings.socket()));
            ownsSocket = true;
            UnixSocketFile.restrict(settings.socket());
            for (int i = 0; i < tcp.size(); i++) {
                ApiListener l = settings.listeners().get(i);
                servers.add(listen(tcp.get(i), SocketAddress.inetSocketAddress(l.port(), l.host()), "TCP " + l));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("API listening on {}{}", settings.socket(), settings.listeners().isEmpty() ? ""
                : " and " + settings.listeners() + (settings.tls() ? " (mutual TLS)" : ""));
    }

    /** Set by the daemon once its machine is registered; until then (and after false) every request gets 503. */
    public void setReady(boolean value) {
        ready.set(value);
    }

    /** The actual port of the {@code index}-th TCP listener (useful when configured as port 0). */
    public int tcpPort(int index) {
        return servers.get(index + 1).actualPort();
    }

    private HttpServer listen(HttpServerOptions options, SocketAddress address, String what) {
        // no h2c detection: it waits for a client's first bytes before the connection exists, so a
        // connection that sends nothing would be invisible to the guard (fleet's API is HTTP/1.1)
        options.setHttp2ClearTextEnabled(false);
        Future<HttpServer> f = vertx.createHttpServer(options).connectionHandler(guard.onConnection())
                .requestHandler(router).listen(address);
        try {
            return f.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiStartException("API " + what + ": bind did not complete within " + START_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            // Vert.x rethrows a bind failure as it is: BindException and UnknownHostException are checked
            throw new ApiStartException("API " + what + ": cannot listen: " + e, e);
        }
    }

    @Override
    public void close() {
        ready.set(false);
        view.close();
        try {
            vertx.close().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("API server did not close cleanly: {}", e.toString());
        }
        servers.clear();
        if (ownsSocket) {
            ownsSocket = false;
            try {
                Files.deleteIfExists(settings.socket());
            } catch (java.io.IOException e) {
                LOG.warn("cannot remove API socket {}: {}", settings.socket(), e.toString());
            }
        }
    }
}
