package fleet.cli.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 client over a unix socket or TCP (TLS for https). Connections are kept open and
 * reused by later requests (each in use by one request at a time), so a burst of requests pays one
 * connect per concurrent caller; a streamed response has a connection of its own
 * ({@code Connection: close}). The request timeout bounds the whole exchange, from connect to the
 * last body byte, except for a streamed body after its header.
 */
public final class SocketHttpClient {
    static final int MAX_BODY = 64 * 1024 * 1024;

    private final Endpoint endpoint;
    private final SSLContext tls;
    private final Duration timeout;
    private final Consumer<String> debug;
    private final List<String> tunnel;
    /** Connections whose last response was read to its end, ready for another request. */
    private final ConcurrentLinkedDeque<Open> idle = new ConcurrentLinkedDeque<>();

    /** A connection and the buffered reader of its responses, which lives as long as it does. */
    private record Open(Connection connection, InputStream in) {
        void close() {
            try {
                connection.close();
            } catch (IOException e) {
                // closing a connection nobody reads any more
            }
        }
    }

    /** {@code tls} is required for https endpoints and ignored otherwise; {@code debug} may be null. */
    public SocketHttpClient(Endpoint endpoint, SSLContext tls, Duration timeout, Consumer<String> debug) {
        this(endpoint, tls, timeout, debug, List.of());
    }

    /**
     * With a non-empty {@code tunnel}, each connection is that command's stdin and stdout (ssh to a
     * machine running {@code fleetctl fd-forward} on the endpoint's socket) instead of a socket here.
     */
    public SocketHttpClient(Endpoint endpoint, SSLContext tls, Duration timeout, Consumer<String> debug,
            List<String> tunnel) {
        this.tunnel = List.copyOf(tunnel);
        if (endpoint.kind() == Endpoint.Kind.HTTPS && tls == null) {
            throw new IllegalArgumentException("an https endpoint needs a TLS context");
        }
        this.endpoint = endpoint;
        this.tls = tls;
        this.timeout = timeout;
        this.debug = debug == null ? s -> { } : debug;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Sends a request and reads the whole response; {@code body} may be null. */
    public HttpResponse send(String method, String target, byte[] body, String contentType) throws IOException {
        long start = System.nanoTime();
        try {
            Open kept = idle.pollFirst();
            if (kept != null) {
                try {
                    return exchange(kept, start, method, target, body, contentType);
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException closedWhileIdle) {
                    // the server may close a kept connection at any time; every request fleetctl sends
                    // is safe to repeat, so it goes once more on a new connection
                    debug.accept("kept connection failed (" + closedWhileIdle.getMessage() + "); reconnecting");
                }
            }
            Connection c = connect(start);
            return exchange(new Open(c, new BufferedInputStream(c.in(), 16 * 1024)), start, method, target, body,
                    contentType);
        } catch (SocketTimeoutException e) {
            throw timedOut(method, target);
        }
    }

    private HttpResponse exchange(Open open, long start, String method, String target, byte[] body,
            String contentType) throws IOException {
        boolean keep = false;
        try {
            open.connection().deadline(deadline(start));
            writeRequest(open.connection(), method, target, body, contentType, true);
            HttpHead head = HttpHead.read(open.in());
            byte[] bytes = readBody(head, method, open.in());
            debug.accept(method + " " + target + " -> " + head.status() + " (" + bytes.length + " bytes, "
                    + (System.nanoTime() - start) / 1_000_000 + " ms)");
            keep = reusable(head, method);
            return new HttpResponse(head.status(), head.headers(), bytes);
        } finally {
            if (keep) {
                idle.addFirst(open);
            } else {
                open.close();
            }
        }
    }

    /** Whether the connection may carry another request: the server did not say close, and the body had an end. */
    private static boolean reusable(HttpHead head, String method) {
        String connection = head.headers().get("connection");
        if (connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close")) {
            return false;
        }
        return bodiless(head, method) || head.headers().containsKey("content-length")
                || head.headers().containsKey("transfer-encoding");
    }

    private static boolean bodiless(HttpHead head, String method) {
        int s = head.status();
        return method.equals("HEAD") || s == 204 || s == 304 || (s >= 100 && s < 200);
    }

    /** Sends a GET and returns once the header is in; the body then streams with no deadline. */
    public StreamedResponse stream(String target) throws IOException {
        long start = System.nanoTime();
        Connection c = connect(start);
        try {
            writeRequest(c, "GET", target, null, null, false);
            InputStream in = new BufferedInputStream(c.in(), 16 * 1024);
            HttpHead head = HttpHead.read(in);
            c.deadline(0);
            debug.accept("GET " + target + " -> " + head.status() + " (streaming)");
            return new StreamedResponse(head.status(), head.headers(), bodyStream(head, "GET", in), c);
        } catch (SocketTimeoutException e) {
            c.close();
            throw timedOut("GET", target);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private long deadline(long start) {
        long deadline = start + timeout.toNanos();
        return deadline == 0 ? 1 : deadline;
    }

    private Connection connect(long start) throws IOException {
        long deadline = deadline(start);
        try {
            if (!tunnel.isEmpty()) {
                return ProcessConnection.open(tunnel, deadline);
            }
            return endpoint.kind() == Endpoint.Kind.UNIX
                    ? UnixConnection.open(endpoint.socket(), deadline)
                    : TcpConnection.open(endpoint.host(), endpoint.port(),
                            endpoint.kind() == Endpoint.Kind.HTTPS ? tls : null, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("connecting to " + endpoint + " timed out after " + seconds());
        }
    }

    private void writeRequest(Connection c, String method, String target, byte[] body, String contentType,
            boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(endpoint.basePath()).append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.hostHeader()).append("\r\n")
                .append("User-Agent: fleetctl\r\n")
                .append("Accept: application/json, text/plain\r\n")
                .append(keepAlive ? "" : "Connection: close\r\n");
        if (body != null) {
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = c.out();
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            out.write(headBytes);
        } else {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
        }
        out.flush();
    }

    private static InputStream bodyStream(HttpHead head, String method, InputStream in) throws IOException {
        if (bodiless(head, method)) {
            return InputStream.nullInputStream();
        }
        String te = head.headers().get("transfer-encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(in);
        }
        String cl = head.headers().get("content-length");
        if (cl != null) {
            long len;
            try {
                len = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length \"" + cl + "\"");
            }
            if (len < 0 || len > MAX_BODY) {
                throw new IOException("response body of " + len + " bytes is out of bounds");
            }
            return new BoundedInputStream(in, len);
        }
        return in;
    }

    private static byte[] readBody(HttpHead head, String method, InputStream in) throws IOException {
        InputStream body = bodyStream(head, method, in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = body.read(buf)) >= 0) {
            if (out.size() + n > MAX_BODY) {
                throw new IOException("response body larger than " + MAX_BODY + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private SocketTimeoutException timedOut(String method, String target) {
        return new SocketTimeoutException(method + " " + endpoint + target + " timed out after " + seconds());
    }

    private String seconds() {
        return timeout.toMillis() / 1000.0 + " s";
    }
}
