package fleet.web;

/** One viewer's connection, as the event stream writes to it. */
interface StreamSink {
    /** Whether the connection's write queue is full (the viewer reads slower than we write). */
    boolean full();

    void write(String text);

    void close();
}
