package fleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** For the hand-rolled test servers: reads one raw HTTP/1.1 request (head and Content-Length body). */
public final class RawHttpRequest {
    private RawHttpRequest() {}

    /** The whole request as text; what arrived so far if the client closes early. */
    public static String read(SocketChannel c) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            String text = seen.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && seen.size() >= end + 4 + contentLength(text.substring(0, end))) {
                return text;
            }
            buf.clear();
            if (c.read(buf) < 0) {
                return text;
            }
            seen.write(buf.array(), 0, buf.position());
        }
    }

    private static int contentLength(String head) {
        for (String h : head.split("\r\n")) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(h.substring(15).trim());
            }
        }
        return 0;
    }

    /** Starts a daemon thread. */
    public static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
