package fleet.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.loop.LoopThread;
import fleet.registry.ClusterFeed;
import fleet.registry.RegistryException;

/**
 * The web view's state, kept on one loop thread: after each change the {@link ClusterFeed} signals
 * (the API cache's watch; no reads of etcd per viewer), it builds the {@link ClusterView}, records
 * what changed since the last one, and publishes both as one message on the {@link EventStream}.
 * Passes are coalesced and at least {@link #MIN_GAP} apart, so a burst of changes costs one pass,
 * and at least {@link #GAP_PER_PASS_TIME} times the last pass's duration apart, so that on a large
 * cluster in constant change the view takes at most about a quarter of one core.
 * It starts with its first viewer; events are recorded from then on.
 */
public final class LiveView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    static final Duration MIN_GAP = Duration.ofMillis(250);
    static final int GAP_PER_PASS_TIME = 4;
    static final Duration RETRY = Duration.ofSeconds(2);
    static final Duration PING_EVERY = Duration.ofSeconds(20);
    static final int MAX_VIEWERS = 32;
    static final int RECENT_EVENTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message: the view and the recent events, newest first. */
    record Message(ClusterView view, List<ViewEvent> events) {}

    private final ClusterFeed feed;
    private final LoopThread loop;
    private final EventStream stream;
    private final RecentEvents recent = new RecentEvents(RECENT_EVENTS);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile long lastPassMillis = Long.MIN_VALUE / 2;
    private volatile long gapMillis = MIN_GAP.toMillis();
    private volatile String latest;
    private ClusterView current; // loop thread only
    private volatile AutoCloseable subscription;

    public LiveView(ClusterFeed feed, LoopThread loop) {
        this(feed, loop, MAX_VIEWERS);
    }

    LiveView(ClusterFeed feed, LoopThread loop, int maxViewers) {
        this.feed = feed;
        this.loop = loop;
        this.stream = new EventStream(maxViewers);
    }

    /** A new viewer (starting the view), or empty when {@link #MAX_VIEWERS} watch already. */
    Optional<StreamClient> join(StreamSink sink) {
        start();
        return stream.join(sink);
    }

    void leave(StreamClient viewer) {
        stream.leave(viewer);
    }

    /** The latest message as JSON, empty before the first pass (which this starts). */
    Optional<String> latest() {
        start();
        return Optional.ofNullable(latest);
    }

    int viewers() {
        return stream.viewers();
    }

    int maxViewers() {
        return stream.maxViewers();
    }

    private void start() {
        if (started.compareAndSet(false, true)) {
            loop.execute(() -> {
                subscription = feed.onChange(() -> requestPass(Duration.ZERO));
                loop.every(PING_EVERY, stream::ping);
                pass();
            });
        }
    }

    /** Queues one pass, at least {@code delay} from now and the gap after the last; merged with one queued. */
    private void requestPass(Duration delay) {
        if (passQueued.compareAndSet(false, true)) {
            long sinceLast = loop.clock().millis() - lastPassMillis;
            long wait = Math.max(delay.toMillis(), gapMillis - sinceLast);
            loop.schedule(Duration.ofMillis(Math.max(0, wait)), this::pass);
        }
    }

    private void pass() {
        passQueued.set(false);
        lastPassMillis = loop.clock().millis();
        try {
            ClusterView next = ClusterView.of(feed.picture());
            recent.addAll(ClusterChanges.between(current, next, lastPassMillis));
            current = next;
            latest = JSON.writeValueAsString(new Message(next, recent.newestFirst()));
            stream.publish("view", latest);
            gapMillis = Math.max(MIN_GAP.toMillis(), GAP_PER_PASS_TIME * (loop.clock().millis() - lastPassMillis));
        } catch (RegistryException e) {
            LOG.debug("web view: cannot read the cluster ({}); trying again in {}", e.toString(), RETRY);
            requestPass(RETRY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("web view: cannot write the view as JSON", e);
        }
    }

    @Override
    public void close() {
        loop.close(); // first: no pass subscribes or publishes after this
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("web view: unsubscribing failed: {}", e.toString());
            }
        }
        stream.closeAll();
    }
}
