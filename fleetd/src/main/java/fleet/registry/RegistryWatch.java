package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.Backoff;
import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

/**
 * A watch on a key prefix that survives etcd trouble. It starts at a given revision, remembers the
 * next revision it needs, and on any error closes the jetcd watcher and opens a new one from there
 * after a backoff (200 ms doubling to 5 s). When that revision has been compacted it asks the
 * listener to {@link WatchListener#resync resync} at the current revision and continues after it.
 * The listener runs on this watch's single thread, never on a jetcd or gRPC thread.
 */
public final class RegistryWatch implements WatchHandle {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);

    private final Etcd etcd;
    private final String prefix;
    private final WatchListener listener;
    private final LoopThread thread;
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    // fields below are touched only on `thread`
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private long nextRevision;
    private int generation;
    private Watch.Watcher watcher;
    private boolean closed;

    private RegistryWatch(Etcd etcd, String prefix, long fromRevision, WatchListener listener) {
        this.etcd = etcd;
        this.prefix = prefix;
        this.nextRevision = fromRevision;
        this.listener = listener;
        this.thread = new DaemonLoopThread("fleet-watch-" + prefix);
    }

    /** Watches keys under {@code prefix} (relative to the registry prefix) from {@code fromRevision} on. */
    static RegistryWatch start(Etcd etcd, String prefix, long fromRevision, WatchListener listener) {
        if (fromRevision <= 0) {
            throw new IllegalArgumentException("watch " + prefix + ": start from the revision after a snapshot, got "
                    + fromRevision);
        }
        RegistryWatch w = new RegistryWatch(etcd, prefix, fromRevision, listener);
        w.thread.execute(w::open);
        return w;
    }

    private void open() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(nextRevision).build();
        try {
            watcher = etcd.client().getWatchClient().watch(etcd.key(prefix), option, Watch.listener(
                    response -> post(() -> deliver(gen, response)),
                    error -> post(() -> failed(gen, error))));
        } catch (RuntimeException e) {
            failed(gen, e);
        }
    }

    /** Hands a jetcd callback to this watch's thread; after close() there is nothing left to do. */
    private void post(Runnable r) {
        thread.execute(r);
    }

    private void deliver(int gen, WatchResponse response) {
        if (gen != generation || closed || response.getEvents().isEmpty()) {
            return;
        }
        List<KeyEvent> events = response.getEvents().stream().map(this::event).toList();
        nextRevision = events.get(events.size() - 1).revision() + 1;
        backoff.reset();
        etcd.watchOutage().recovered("watches receive changes again");
        try {
            listener.onEvents(events);
        } catch (RuntimeException e) {
            LOG.error("watch {}: listener failed on {} events", prefix, events.size(), e);
        }
    }

    private KeyEvent event(WatchEvent e) {
        boolean delete = e.getEventType() == WatchEvent.EventType.DELETE;
        return new KeyEvent(delete ? KeyEvent.Type.DELETE : KeyEvent.Type.PUT, etcd.relative(e.getKeyValue().getKey()),
                delete ? "" : e.getKeyValue().getValue().toString(UTF_8), e.getKeyValue().getModRevision());
    }

    private void failed(int gen, Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        generation++; // ignore whatever the old watcher still says
        closeWatcher();
        if (error instanceof CompactedException c) {
            LOG.warn("watch {}: revision {} was compacted (at {}); resyncing", prefix, nextRevision,
                    c.getCompactedRevision());
            etcd.metrics().watchResynced(prefix);
            resync();
        } else {
            Duration delay = backoff.next();
            etcd.watchOutage().failed("watch {}: {}; reconnecting from revision {} in {} ms", prefix, error.getMessage(), nextRevision,
                    delay.toMillis());
            thread.schedule(delay, this::open);
        }
    }

    private void resync() {
        if (closed) {
            return;
        }
        try {
            long revision = etcd.currentRevision();
            listener.resync(revision);
            nextRevision = revision + 1;
            backoff.reset();
            open();
        } catch (RuntimeException e) {
            Duration delay = backoff.next();
            LOG.warn("watch {}: resync failed ({}); retrying in {} ms", prefix, e.getMessage(), delay.toMillis());
            thread.schedule(delay, this::resync);
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("watch {}: closing the old watcher: {}", prefix, e.getMessage());
            }
            watcher = null;
        }
    }

    @Override
    public void close() {
        if (closeRequested.getAndSet(true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            closed = true;
            closeWatcher();
            done.complete(null);
        });
        try {
            done.get(etcd.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("watch {}: close: {}", prefix, e.toString());
        }
        thread.close(Duration.ZERO);
    }
}
