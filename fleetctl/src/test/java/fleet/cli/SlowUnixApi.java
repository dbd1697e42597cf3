package fleet.cli;

import fleet.testing.TestEnv;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of fleet's API v1 on a unix socket for lazy-create and state changes (GET and PUT of
 * {@code /fleet/v1/units/<name>}), one thread per connection. Each answer waits a fixed delay (to
 * stand for fleetd's latency in a benchmark) or until {@code gate} connections are open together (to
 * prove in a test, without timing, that the client sends them concurrently). Counts the most open at once.
 */
public final class SlowUnixApi implements AutoCloseable {
    private static final String PREFIX = "PUT /fleet/v1/units/";
    public final AtomicInteger maxOpen = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, String> units = new ConcurrentHashMap<>();
    private final ServerSocketChannel server;
    private final Path socket;
    private final long delayMillis;
    private final CountDownLatch gate;

    public SlowUnixApi(Path socket, long delayMillis, int gate) throws IOException {
        this.socket = socket;
        this.delayMillis = delayMillis;
        this.gate = new CountDownLatch(gate);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        RawHttpRequest.daemon("slow-api", this::accept);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                RawHttpRequest.daemon("slow-api-conn", () -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        boolean answered = false;
        try (c) {
            String request = RawHttpRequest.read(c);
            requests.incrementAndGet();
            gate.countDown();
            if (!gate.await(TestEnv.scaled(java.time.Duration.ofSeconds(20)).toMillis(), TimeUnit.MILLISECONDS)) {
                return; // never as many together: the client times out and the test fails
            }
            Thread.sleep(delayMillis);
            // no longer open before the client can see the answer and open its next connection
            open.decrementAndGet();
            answered = true;
            c.write(ByteBuffer.wrap(answer(request.substring(0, request.indexOf("\r\n")),
                    request.substring(request.indexOf("\r\n\r\n") + 4)).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away, or sent half a request
        } finally {
            if (!answered) {
                open.decrementAndGet();
            }
        }
    }

    private String answer(String line, String body) {
        String target = line.substring(0, line.lastIndexOf(' '));
        if (target.startsWith(PREFIX)) {
            if (body.contains("\"options\"")) {
                units.put(target.substring(PREFIX.length()), body);
            }
            return "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
        }
        String unit = units.get(target.substring("GET /fleet/v1/units/".length()));
        if (unit == null) {
            return response(404, "{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}");
        }
        return response(200, unit);
    }

    private static String response(int status, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\n\r\n" + json;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
