package fleet.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The status line and header fields of a response, read byte by byte so no body byte is consumed. */
record HttpHead(int status, Map<String, String> headers) {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_FIELDS = 200;

    static HttpHead read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: \"" + abbreviate(statusLine) + "\"");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: \"" + abbreviate(statusLine) + "\"");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; ; i++) {
            String line = readLine(in);
            if (line.isEmpty()) {
                break;
            }
            if (i >= MAX_FIELDS) {
                throw new IOException("too many response header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad HTTP header line: \"" + abbreviate(line) + "\"");
            }
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new HttpHead(status, Map.copyOf(headers));
    }

    /** One CRLF- (or LF-) terminated line without its terminator. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException(line.size() == 0 ? "the server closed the connection without a response"
                        : "connection closed in the middle of a line");
            }
            if (c == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        byte[] b = line.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
