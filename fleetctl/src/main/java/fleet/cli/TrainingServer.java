package fleet.cli;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for fleetd's API during the CDS training run, so that the archive also holds what a
 * real exchange loads (sockets, response parsing, the wire types, the blocking wait). It knows one
 * launched unit, {@code a.service} on machine m1; a unit PUT once is launched and active from then on.
 * Keep-alive like fleetd's API; loopback only; answers until the process ends.
 */
final class TrainingServer {
    private static final String UNIT = "{\"name\":\"%s\",\"options\":[{\"section\":\"Service\",\"name\":"
            + "\"ExecStart\",\"value\":\"/bin/sleep 1d\"}],\"desiredState\":\"launched\",\"currentState\":"
            + "\"launched\",\"machineID\":\"m1\"}";
    private static final String STATE = "{\"name\":\"%s\",\"hash\":\"0123456789abcdef0123456789abcdef01234567\","
            + "\"machineID\":\"m1\",\"systemdLoadState\":\"loaded\",\"systemdActiveState\":\"active\","
            + "\"systemdSubState\":\"running\"}";

    /** Accepts the next connection: its streams, closed together. */
    private interface Listener {
        Accepted accept() throws IOException;
    }

    private record Accepted(Closeable connection, InputStream in, OutputStream out) {}

    private final Set<String> created = ConcurrentHashMap.newKeySet();

    /** Starts answering on loopback TCP; returns the endpoint to pass to {@code --endpoint}. */
    static String start() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        new TrainingServer().listen(() -> {
            Socket s = socket.accept();
            return new Accepted(s, s.getInputStream(), s.getOutputStream());
        });
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Starts answering on a unix socket at {@code path} (fleetctl's default kind of endpoint); returns the endpoint. */
    static String startUnix(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        new TrainingServer().listen(() -> {
            SocketChannel c = server.accept();
            return new Accepted(c, Channels.newInputStream(c), Channels.newOutputStream(c));
        });
        return "unix://" + path;
    }

    private void listen(Listener listener) {
        daemon(() -> {
            while (true) {
                try {
                    Accepted a = listener.accept();
                    daemon(() -> serve(a));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable body) {
        Thread t = new Thread(body, "training-api");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Accepted connection) {
        try (Closeable c = connection.connection()) {
            InputStream in = new BufferedInputStream(connection.in());
            OutputStream out = connection.out();
            Request request;
            while ((request = request(in)) != null) {
                String[] parts = request.line().split(" ");
                out.write(answer(parts[0], parts[1].replaceFirst("^/fleet/v1", ""), request.body()));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: training goes on with the next connection
        }
    }

    private record Request(String line, String body) {}

    /** Reads one request's head and body; null at the end of the connection. */
    private static Request request(InputStream in) throws IOException {
        String first = line(in);
        if (first == null || first.isEmpty()) {
            return null;
        }
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        return new Request(first, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] answer(String method, String path, String body) {
        String name = path.startsWith("/units/") ? path.substring(7) : "";
        if (method.equals("PUT")) {
            return created.add(name) ? reply(201, "") : reply(204, "");
        }
        if (method.equals("POST")) {
            return created(body);
        }
        if (path.startsWith("/units/")) {
            return name.equals("a.service") || created.contains(name) ? reply(200, String.format(UNIT, name))
                    : reply(404, "{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}");
        }
        if (path.startsWith("/units")) {
            return reply(200, "{\"units\":[" + String.format(UNIT, "a.service") + "]}");
        }
        if (path.startsWith("/state")) {
            int at = path.indexOf("unitName=");
            return reply(200, "{\"states\":[" + String.format(STATE, at < 0 ? "a.service" : path.substring(at + 9))
                    + "]}");
        }
        if (path.startsWith("/machines")) {
            return reply(200, "{\"machines\":[{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"a\":\"b\"}}]}");
        }
        return reply(404, "{\"error\":{\"code\":404,\"message\":\"not found\"}}");
    }

    /** The batch create: each unit object of the body starts with its name (an option's with its section). */
    private byte[] created(String body) {
        StringBuilder results = new StringBuilder("{\"units\":[");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"name\":\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            results.append(results.length() > 10 ? "," : "").append("{\"name\":\"").append(m.group(1))
                    .append("\",\"status\":").append(created.add(m.group(1)) ? 201 : 204).append('}');
        }
        return reply(200, results.append("]}").toString());
    }

    private static byte[] reply(int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " X\r\n" + (b.length == 0 ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }
}
