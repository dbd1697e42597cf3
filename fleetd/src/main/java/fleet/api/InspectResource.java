package fleet.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import fleet.registry.UnitCatalog;
import fleet.registry.MachineInfo;
import fleet.registry.StoredUnit;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /units/<name>/status} and {@code GET /units/<name>/journal?lines=N&follow=true}:
 * served by the machine the unit is placed on (or any machine for a global unit) through a
 * {@link UnitInspector}. A request for a unit placed on another machine is forwarded to that
 * machine's API ({@link ApiForwarder}); a machine that publishes no API endpoint gets 502. Commands
 * run on their own worker pool, so a followed journal never holds a registry worker.
 */
final class InspectResource {
    static final int MAX_LINES = 100_000;

    private final UnitCatalog registry;
    private final UnitInspector inspector;
    private final String localMachine;
    private final WorkerExecutor pool;
    private final ApiForwarder forwarder;

    InspectResource(UnitCatalog registry, UnitInspector inspector, String localMachine, WorkerExecutor pool,
            ApiForwarder forwarder) {
        this.registry = registry;
        this.inspector = inspector;
        this.localMachine = localMachine;
        this.pool = pool;
        this.forwarder = forwarder;
    }

    /** Where a request is answered: here ({@code machine} null), or by the API at {@code endpoint}. */
    private record Target(String machine, String endpoint) {
        static final Target LOCAL = new Target(null, null);
    }

    void status(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        dispatch(ctx, name, false, () -> localStatus(name, ctx.response()));
    }

    /** Finds where the unit runs (blocking registry reads), then answers here or forwards there. */
    private void dispatch(RoutingContext ctx, String name, boolean follow, Runnable local) {
        boolean forwarded = ctx.request().getHeader(ApiForwarder.FORWARDED_BY) != null;
        pool.executeBlocking(() -> locate(name, forwarded), false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx.response(), ar.cause());
            } else if (ar.result() != Target.LOCAL) {
                forwarder.forward(ctx, ar.result().machine(), ar.result().endpoint(), follow);
            } else {
                local.run();
            }
        });
    }

    private void localStatus(String name, HttpServerResponse response) {
        pool.executeBlocking(() -> inspect(() -> inspector.status(name)), false).onComplete(ar -> {
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
        dispatch(ctx, name, follow, () -> localJournal(name, lines, follow, ctx.response()));
    }

    private void localJournal(String name, int lines, boolean follow, HttpServerResponse response) {
        AtomicReference<InputStream> open = new AtomicReference<>();
        response.closeHandler(v -> closeQuietly(open.get()));
        pool.executeBlocking(() -> {
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

    private Target locate(String name, boolean forwarded) {
        UnitNameParam.parse(name);
        Optional<StoredUnit> unit = registry.units().get(name);
        if (unit.isEmpty()) {
            throw ApiException.notFound("unit does not exist");
        }
        if (unit.get().global()) {
            return Target.LOCAL;
        }
        String target = registry.placement(name, 0)
                .orElseThrow(() -> ApiException.notFound("unit " + name + " does not appear to be running: it is not "
                        + "scheduled to any machine"));
        if (target.equals(localMachine)) {
            return Target.LOCAL;
        }
        if (forwarded) {
            // the placement changed while the request travelled; the caller may simply ask again
            throw new ApiException(421, "unit " + name + " runs on machine " + target + ", not on " + localMachine
                    + ", which got this request forwarded; a forwarded request is not forwarded again");
        }
        MachineInfo machine = registry.machineList(0).get(target);
        if (machine == null) {
            throw new ApiException(502, "unit " + name + " is scheduled to machine " + target
                    + ", which is not registered now (down or unreachable from etcd)");
        }
        if (machine.apiEndpoint().isEmpty()) {
            String ip = machine.publicIP().isEmpty() ? "" : " (" + machine.publicIP() + ")";
            throw new ApiException(502, "unit " + name + " runs on machine " + target + ip + ", which publishes no "
                    + "API endpoint (it has no api_listeners), so its status and journal cannot be forwarded there");
        }
        return new Target(target, machine.apiEndpoint());
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
