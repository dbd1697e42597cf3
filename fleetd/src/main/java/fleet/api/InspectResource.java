package fleet.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import fleet.registry.EtcdRegistry;
import fleet.registry.StoredUnit;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /units/<name>/status} and {@code GET /units/<name>/journal?lines=N&follow=true}:
 * served by the machine the unit is placed on (or any machine for a global unit) through a
 * {@link UnitInspector}. A unit placed on another machine gets 501: forwarding to that machine's
 * API is not implemented; the message names the machine to ask instead. Commands run on their own
 * worker pool, so a followed journal never holds a registry worker.
 */
final class InspectResource {
    static final int MAX_LINES = 100_000;

    private final EtcdRegistry registry;
    private final UnitInspector inspector;
    private final String localMachine;
    private final WorkerExecutor pool;

    InspectResource(EtcdRegistry registry, UnitInspector inspector, String localMachine, WorkerExecutor pool) {
        this.registry = registry;
        this.inspector = inspector;
        this.localMachine = localMachine;
        this.pool = pool;
    }

    void status(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        HttpServerResponse response = ctx.response();
        pool.executeBlocking(() -> {
            requireLocal(name);
            return inspect(() -> inspector.status(name));
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(response, ar.cause());
                return;
            }
            response.putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("X-Fleet-Exit-Status", Integer.toString(ar.result().exitStatus()))
                    .end(ar.result().text());
        });
    }

    void journal(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        int lines = lines(ctx.queryParams().get("lines"));
        boolean follow = follow(ctx.queryParams().get("follow"));
        HttpServerResponse response = ctx.response();
        AtomicReference<InputStream> open = new AtomicReference<>();
        response.closeHandler(v -> closeQuietly(open.get()));
        pool.executeBlocking(() -> {
            requireLocal(name);
            try (InputStream in = inspect(() -> inspector.journal(name, lines, follow))) {
                open.set(in);
                response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8");
                byte[] buf = new byte[8192];
                int n;
                while (!response.closed() && (n = in.read(buf)) >= 0) {
                    // waiting for each write is the back-pressure: a slow reader slows the journal reader
                    response.write(Buffer.buffer(java.util.Arrays.copyOf(buf, n))).toCompletionStage()
                            .toCompletableFuture().get(1, TimeUnit.MINUTES);
                }
            }
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed() && !response.headWritten()) {
                fail(response, ar.cause());
            } else if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }

    private void requireLocal(String name) {
        UnitPut.parseName(name);
        Optional<StoredUnit> unit = registry.units().get(name);
        if (unit.isEmpty()) {
            throw ApiException.notFound("unit does not exist");
        }
        if (unit.get().global()) {
            return;
        }
        String target = registry.snapshots().placement(name, 0)
                .orElseThrow(() -> ApiException.notFound("unit " + name + " does not appear to be running: it is not "
                        + "scheduled to any machine"));
        if (!target.equals(localMachine)) {
            String ip = Optional.ofNullable(registry.machines().list().get(target)).map(m -> m.publicIP())
                    .filter(s -> !s.isEmpty()).map(s -> " (" + s + ")").orElse("");
            throw new ApiException(501, "unit " + name + " runs on machine " + target + ip + "; this fleetd serves "
                    + "status and journal only for units on its own machine " + localMachine
                    + ": ask the API of " + target + " instead");
        }
    }

    private interface Command<T> {
        T run() throws IOException, InterruptedException;
    }

    private static <T> T inspect(Command<T> c) throws InterruptedException {
        try {
            return c.run();
        } catch (IOException e) {
            throw new ApiException(500, "cannot inspect the unit: " + e.getMessage());
        }
    }

    private static int lines(String value) {
        if (value == null || value.isEmpty()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_LINES) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("lines must be an integer from 0 to " + MAX_LINES + ", got \"" + value + "\"");
    }

    private static boolean follow(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("follow must be true or false, got \"" + value + "\"");
    }

    private static void fail(HttpServerResponse response, Throwable t) {
        ApiException a = ErrorReplies.map(t);
        ErrorReplies.send(response, a.status(), a.getMessage());
    }

    private static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // the reader is gone; nothing to tell anyone
        }
    }
}
