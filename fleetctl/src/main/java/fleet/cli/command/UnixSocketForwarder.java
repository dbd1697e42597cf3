package fleet.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Copies one stream to a unix socket and the socket back to another stream, until the socket closes. */
public final class UnixSocketForwarder {
    private static final int BUFFER = 64 * 1024;
    private final Path socket;

    public UnixSocketForwarder(Path socket) {
        this.socket = socket;
    }

    public void forward(InputStream in, OutputStream out) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Thread upstream = new Thread(() -> copyUp(in, channel), "fd-forward-stdin");
            upstream.setDaemon(true);
            upstream.start();
            copyDown(channel, out);
        }
    }

    // Channels.newInputStream/newOutputStream share the channel's blocking lock, so a read blocked in one
    // thread would stop the other thread's writes: both directions use the channel itself.
    private static void copyDown(SocketChannel channel, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            out.flush();
            buffer.clear();
        }
    }

    /** On end of input only our half closes, so the reply still comes back. */
    private static void copyUp(InputStream in, SocketChannel channel) {
        byte[] bytes = new byte[BUFFER];
        try {
            for (int n = in.read(bytes); n >= 0; n = in.read(bytes)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            // the socket closed first: the downstream copy ends the forwarding
        }
    }
}
