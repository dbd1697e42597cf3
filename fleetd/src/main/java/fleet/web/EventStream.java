package fleet.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server-sent event stream of the view: at most {@code maxViewers} connected at once; each new
 * viewer gets the latest view at once, then every new one. Safe from any thread.
 */
final class EventStream {
    static final String PING = ": ping\n\n";

    private final int maxViewers;
    private final List<StreamClient> viewers = new ArrayList<>();
    private String latest;

    EventStream(int maxViewers) {
        this.maxViewers = maxViewers;
    }

    /** The new viewer, or empty when {@code maxViewers} are connected already. */
    synchronized Optional<StreamClient> join(StreamSink sink) {
        if (viewers.size() >= maxViewers) {
            return Optional.empty();
        }
        StreamClient c = new StreamClient(sink);
        viewers.add(c);
        if (latest != null) {
            c.send(latest);
        }
        return Optional.of(c);
    }

    synchronized void leave(StreamClient c) {
        viewers.remove(c);
    }

    /** Sends {@code data} as a server-sent event of type {@code event} to every viewer. */
    synchronized void publish(String event, String data) {
        latest = "event: " + event + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n";
        String message = latest;
        toEach(c -> c.send(message));
    }

    synchronized void ping() {
        toEach(c -> c.ping(PING));
    }

    /** A viewer whose connection fails (closed before its close handler ran) is dropped; the others go on. */
    private void toEach(Consumer<StreamClient> write) {
        viewers.removeIf(c -> {
            try {
                write.accept(c);
                return false;
            } catch (RuntimeException e) {
                return true;
            }
        });
    }

    int maxViewers() {
        return maxViewers;
    }

    synchronized int viewers() {
        return viewers.size();
    }

    synchronized void closeAll() {
        viewers.forEach(StreamClient::close);
        viewers.clear();
    }
}
