package fleet.cli.http;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112 §7.1); trailers are read and dropped. */
final class ChunkedInputStream extends BlockInputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                while (!HttpHead.readLine(in).isEmpty()) {
                    // trailer fields are not used
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new IOException("connection closed in the middle of a chunk");
        }
        left -= n;
        if (left == 0 && !HttpHead.readLine(in).isEmpty()) {
            throw new IOException("malformed chunked body: no CRLF after a chunk");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = HttpHead.readLine(in);
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunked body: bad chunk size \"" + hex + "\"");
        }
    }
}
