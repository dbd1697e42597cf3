package fleet.cli.http;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** One open byte stream to the server; reads and writes fail with a timeout once the deadline passes. */
interface Connection extends Closeable {
    InputStream in();

    OutputStream out();

    /** {@link System#nanoTime()} after which I/O fails; 0 removes the deadline (a followed journal). */
    void deadline(long nanoTime);

    static long remainingMillis(long deadline) throws java.net.SocketTimeoutException {
        if (deadline == 0) {
            return 0;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("request timed out");
        }
        return left;
    }
}
