package fleet.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A unix-socket connection. The channel is non-blocking and waits in a selector, because a blocking
 * channel's reads cannot time out.
 */
final class UnixConnection implements Connection {
    private final SocketChannel channel;
    private final Selector selector;
    private long deadline;

    private UnixConnection(SocketChannel channel, Selector selector, long deadline) {
        this.channel = channel;
        this.selector = selector;
        this.deadline = deadline;
    }

    static UnixConnection open(Path socket, long deadline) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            return new UnixConnection(ch, Selector.open(), deadline);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    /** Waits until the channel is ready for {@code op}; past the deadline the next call throws. */
    private void await(int op) throws IOException {
        channel.register(selector, op);
        selector.select(Connection.remainingMillis(deadline));
        selector.selectedKeys().clear();
    }

    @Override
    public InputStream in() {
        return new BlockInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (true) {
                    int n = channel.read(buf);
                    if (n != 0) {
                        return n;
                    }
                    await(SelectionKey.OP_READ);
                }
            }
        };
    }

    @Override
    public OutputStream out() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0) {
                        await(SelectionKey.OP_WRITE);
                    }
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
