package fleet.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A deliberately independent HTTP/1.1 client for the tests (JDK sockets, no Vert.x): one request per
 * connection, {@code Connection: close}, chunked bodies decoded. Works on a unix socket or any socket.
 */
final class HttpExchange {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The error envelope's message, checking the envelope's shape and code on the way. */
        String errorMessage() {
            JsonNode e = json().get("error");
            if (e == null || e.get("code").asInt() != status || !"application/json".equals(header("Content-Type"))) {
                throw new AssertionError("not fleet's error envelope for " + status + ": " + headers + " " + body);
            }
            return e.get("message").asText();
        }
    }

    private HttpExchange() {}

    static Response unix(Path socket, String method, String target, Map<String, String> headers, String body)
            throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), method, target, headers, body);
        }
    }

    static Response over(Socket socket, String method, String target, Map<String, String> headers, String body)
            throws IOException {
        try (socket) {
            return exchange(socket.getInputStream(), socket.getOutputStream(), method, target, headers, body);
        }
    }

    static Response exchange(InputStream in, OutputStream out, String method, String target,
            Map<String, String> headers, String body) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            req.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        req.append("\r\n");
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.write(payload);
        out.flush();
        return read(in);
    }

    static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        byte[] body;
        if (code == 204 || code == 304) {
            body = new byte[0]; // no body by definition, whatever the connection does next
        } else if (headers.containsKey("transfer-encoding")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                b.write(in.readNBytes(size));
                line(in);
            }
            body = b.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return c < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }
}
