package fleet.web;

/**
 * One viewer of the event stream. Each message is the whole view, so a viewer that cannot keep up
 * needs only the latest: while its connection's queue is full, a new message replaces the one held
 * back, and it is written when the queue drains. A slow browser thus costs at most its connection's
 * queue plus one message, and never delays the others.
 */
final class StreamClient {
    private final StreamSink sink;
    private String heldBack;
    private long skipped;

    StreamClient(StreamSink sink) {
        this.sink = sink;
    }

    synchronized void send(String message) {
        if (sink.full()) {
            if (heldBack != null) {
                skipped++;
            }
            heldBack = message;
        } else {
            sink.write(message);
        }
    }

    /** A keep-alive that is dropped, not held back, when the viewer lags. */
    synchronized void ping(String comment) {
        if (!sink.full()) {
            sink.write(comment);
        }
    }

    /** The connection's queue drained: write what was held back. */
    synchronized void drained() {
        if (heldBack != null && !sink.full()) {
            String m = heldBack;
            heldBack = null;
            sink.write(m);
        }
    }

    /** Messages replaced before they could be written. */
    synchronized long skipped() {
        return skipped;
    }

    void close() {
        sink.close();
    }
}
