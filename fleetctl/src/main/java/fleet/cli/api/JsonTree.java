package fleet.cli.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) parser into plain values: {@code Map<String, Object>} (in document order),
 * {@code List<Object>}, {@code String}, {@code Boolean}, {@code null}, and numbers kept as their
 * text ({@link JsonNumber}). Hand-written for cold start: a mapper's reflection costs a fresh JVM ~100 ms
 * for the handful of wire types fleetctl reads.
 */
final class JsonTree {
    /** A number as it was written; fleetctl only ever shows numbers, never computes with them. */
    record JsonNumber(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON, with the offset of the first bad character. */
    static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private JsonTree(String s) {
        this.s = s;
    }

    static Object parse(byte[] utf8) throws MalformedJsonException {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    static Object parse(String text) throws MalformedJsonException {
        JsonTree p = new JsonTree(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.i != text.length()) {
            throw p.bad("trailing characters after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw bad("nested deeper than " + MAX_DEPTH);
        }
        if (i >= s.length()) {
            throw bad("unexpected end of input");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw bad("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws MalformedJsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        i++;
        skipSpace();
        if (peek() == '}') {
            i++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw bad("expected a field name");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw bad("expected ',' or '}'", i - 1);
            }
        }
    }

    private List<Object> array(int depth) throws MalformedJsonException {
        List<Object> list = new ArrayList<>();
        i++;
        skipSpace();
        if (peek() == ']') {
            i++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw bad("expected ',' or ']'", i - 1);
            }
        }
    }

    private String string() throws MalformedJsonException {
        i++; // the opening quote
        StringBuilder out = null;
        int start = i;
        while (true) {
            if (i >= s.length()) {
                throw bad("unterminated string");
            }
            char c = s.charAt(i);
            if (c == '"') {
                String tail = s.substring(start, i++);
                return out == null ? tail : out.append(tail).toString();
            }
            if (c < 0x20) {
                throw bad("control character in a string");
            }
            if (c != '\\') {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(s, start, i);
            i++;
            out.append(escape());
            start = i;
        }
    }

    private char escape() throws MalformedJsonException {
        char e = next();
        return switch (e) {
            case '"', '\\', '/' -> e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (i + 4 > s.length()) {
                    throw bad("short \\u escape");
                }
                int code = 0;
                for (int k = 0; k < 4; k++) {
                    int d = Character.digit(s.charAt(i++), 16);
                    if (d < 0) {
                        throw bad("bad \\u escape", i - 1);
                    }
                    code = code * 16 + d;
                }
                yield (char) code;
            }
            default -> throw bad("bad escape '\\" + e + "'", i - 1);
        };
    }

    private JsonNumber number() throws MalformedJsonException {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (!digits()) {
            throw bad("bad number");
        }
        if (peek() == '.') {
            i++;
            if (!digits()) {
                throw bad("bad number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!digits()) {
                throw bad("bad number");
            }
        }
        return new JsonNumber(s.substring(start, i));
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private Object literal(String word, Object value) throws MalformedJsonException {
        if (!s.startsWith(word, i)) {
            throw bad("unexpected character '" + s.charAt(i) + "'");
        }
        i += word.length();
        return value;
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private char next() throws MalformedJsonException {
        if (i >= s.length()) {
            throw bad("unexpected end of input");
        }
        return s.charAt(i++);
    }

    private void expect(char c) throws MalformedJsonException {
        if (next() != c) {
            throw bad("expected '" + c + "'", i - 1);
        }
    }

    private MalformedJsonException bad(String message) {
        return bad(message, i);
    }

    private MalformedJsonException bad(String message, int at) {
        return new MalformedJsonException(message, at);
    }
}
