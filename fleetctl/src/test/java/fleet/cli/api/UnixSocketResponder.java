package fleet.cli.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-rolled HTTP/1.1 responder on a unix socket: records each raw request and answers from a map
 * of "METHOD target" to raw response bytes. An unmapped request gets no answer (for timeout tests).
 */
final class UnixSocketResponder implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> responses = new ConcurrentHashMap<>();
    /** Answers given once each, in order, before {@link #responses} is consulted. */
    final Map<String, java.util.Queue<String>> once = new ConcurrentHashMap<>();
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread thread;

    UnixSocketResponder(Path socket) throws IOException {
        this.socket = socket;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(this::serve, "unix-responder");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                String request = fleet.cli.RawHttpRequest.read(c);
                requests.add(request);
                String line = request.substring(0, request.indexOf("\r\n"));
                String key = line.substring(0, line.lastIndexOf(' '));
                java.util.Queue<String> queued = once.get(key);
                String response = queued != null && !queued.isEmpty() ? queued.poll() : responses.get(key);
                if (response == null) {
                    continue; // leave the client hanging
                }
                c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
                c.close();
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    static String response(int status, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length
                + "\r\nServer: fleetd/test\r\n\r\n" + body;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
