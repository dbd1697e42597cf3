package fleet.api;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the memory that request bodies in flight can cost: a request with a body reserves its
 * Content-Length (the body limit when it has none) before the body is read, and gives it back when
 * its response ends. A request that does not fit gets 503 at once, before anything is buffered:
 * the client retries, and fleetd keeps serving everyone else instead of running out of heap (each
 * body is held as bytes, as a string and as a JSON tree while it is handled).
 */
final class BodyBudget {
    /** Bodies of at most this many body limits are handled at once. */
    static final int BODIES_IN_FLIGHT = 4;

    private final long capacity;
    private final int bodyLimit;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(int bodyLimit) {
        this.bodyLimit = bodyLimit;
        this.capacity = (long) bodyLimit * BODIES_IN_FLIGHT;
    }

    Handler<RoutingContext> handler() {
        return ctx -> {
            long want = reservation(ctx.request().getHeader("Content-Length"));
            if (!tryReserve(want)) {
                ctx.response().putHeader("Retry-After", "1");
                ErrorReplies.send(ctx.response(), 503, "too many request bodies in flight; retry");
                return;
            }
            ctx.addEndHandler(done -> used.addAndGet(-want));
            ctx.next();
        };
    }

    /** A declared length over the limit reserves nothing: the body handler refuses it with 413 unread. */
    long reservation(String contentLength) {
        if (contentLength == null) {
            return bodyLimit;
        }
        try {
            long n = Long.parseLong(contentLength.trim());
            return n < 0 ? bodyLimit : n > bodyLimit ? 0 : n;
        } catch (NumberFormatException e) {
            return bodyLimit;
        }
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity && now > 0) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    long inUse() {
        return used.get();
    }
}
