package fleet.cli.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 client over a unix socket or TCP (TLS for https). One connection per request
 * ({@code Connection: close}); the request timeout bounds the whole exchange, from connect to the
 * last body byte, except for a streamed body after its header.
 */
public final class SocketHttpClient {
    static final int MAX_BODY = 64 * 1024 * 1024;

    private final Endpoint endpoint;
    private final SSLContext tls;
    private final Duration timeout;
    private final Consumer<String> debug;

    /** {@code tls} is required for https endpoints and ignored otherwise; {@code debug} may be null. */
    public SocketHttpClient(Endpoint endpoint, SSLContext tls, Duration timeout, Consumer<String> debug) {
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
        try (Connection c = connect(start)) {
            InputStream in = writeRequest(c, method, target, body, contentType);
            HttpHead head = HttpHead.read(in);
            byte[] bytes = readBody(head, method, in);
            debug.accept(method + " " + target + " -> " + head.status() + " (" + bytes.length + " bytes, "
                    + (System.nanoTime() - start) / 1_000_000 + " ms)");
            return new HttpResponse(head.status(), head.headers(), bytes);
        } catch (SocketTimeoutException e) {
            throw timedOut(method, target);
        }
    }

    /** Sends a GET and returns once the header is in; the body then streams with no deadline. */
    public StreamedResponse stream(String target) throws IOException {
        long start = System.nanoTime();
        Connection c = connect(start);
        try {
            InputStream in = writeRequest(c, "GET", target, null, null);
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

    private Connection connect(long start) throws IOException {
        long deadline = start + timeout.toNanos();
        if (deadline == 0) {
            deadline = 1;
        }
        try {
            return endpoint.kind() == Endpoint.Kind.UNIX
                    ? UnixConnection.open(endpoint.socket(), deadline)
                    : TcpConnection.open(endpoint.host(), endpoint.port(),
                            endpoint.kind() == Endpoint.Kind.HTTPS ? tls : null, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("connecting to " + endpoint + " timed out after " + seconds());
        }
    }

    private InputStream writeRequest(Connection c, String method, String target, byte[] body, String contentType)
            throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(endpoint.basePath()).append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.hostHeader()).append("\r\n")
                .append("User-Agent: fleetctl\r\n")
                .append("Accept: application/json, text/plain\r\n")
                .append("Connection: close\r\n");
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
        return new BufferedInputStream(c.in(), 16 * 1024);
    }

    private static InputStream bodyStream(HttpHead head, String method, InputStream in) throws IOException {
        int s = head.status();
        if (method.equals("HEAD") || s == 204 || s == 304 || (s >= 100 && s < 200)) {
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
