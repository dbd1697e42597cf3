package fleet.cli.http;

import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of the underlying stream; a short stream is an error. */
final class BoundedInputStream extends BlockInputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new IOException("connection closed with " + left + " body bytes missing");
        }
        left -= n;
        return n;
    }
}
