package fleet.cli.http;

import java.io.IOException;
import java.io.InputStream;

/** A stream that reads in blocks: the single-byte {@code read()} goes through {@link #read(byte[], int, int)}. */
abstract class BlockInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
