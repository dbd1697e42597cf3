package fleet.cli.api;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for a path segment or a query value (RFC 3986 unreserved characters pass). */
final class PathEncoding {
    private PathEncoding() {}

    static String segment(String s) {
        return encode(s, "-._~@:");
    }

    static String query(String s) {
        return encode(s, "-._~");
    }

    private static String encode(String s, String keep) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || keep.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
