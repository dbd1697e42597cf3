package fleet.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * systemd's unit-file syntax: {@code [Section]} headers, {@code Name=Value} lines, {@code #} and
 * {@code ;} comments, blank lines, and a trailing backslash continuing a line.
 */
final class UnitFileParser {
    /** systemd's LONG_LINE_MAX is 1 MiB; fleet (go-systemd) refused lines over 2 KiB of option text. */
    static final int MAX_LINE = 64 * 1024;

    private UnitFileParser() {}

    static List<UnitOption> parse(String text) throws UnitParseException {
        List<UnitOption> out = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            checkText(lineNo, line);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                if (!trimmed.endsWith("]") || trimmed.length() < 3) {
                    throw new UnitParseException(lineNo, "bad section header " + quote(trimmed));
                }
                section = trimmed.substring(1, trimmed.length() - 1);
                if (section.contains("[") || section.contains("]")) {
                    throw new UnitParseException(lineNo, "bad section header " + quote(trimmed));
                }
                continue;
            }
            if (section == null) {
                throw new UnitParseException(lineNo, "option " + quote(trimmed) + " before any [Section]");
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new UnitParseException(lineNo, "expected Name=Value, got " + quote(trimmed));
            }
            String name = trimmed.substring(0, eq).strip();
            StringBuilder value = new StringBuilder(trimmed.substring(eq + 1).strip());
            while (value.length() > 0 && value.charAt(value.length() - 1) == '\\') {
                value.setLength(value.length() - 1);
                if (i + 1 >= lines.length) {
                    break;
                }
                String next = lines[++i];
                checkText(i + 1, next);
                String nextTrimmed = next.strip();
                if (nextTrimmed.startsWith("#") || nextTrimmed.startsWith(";")) {
                    value.append('\\');
                    i--;
                    break;
                }
                value.append(' ').append(nextTrimmed);
                if (value.length() > MAX_LINE) {
                    throw new UnitParseException(lineNo, "line longer than " + MAX_LINE + " characters");
                }
            }
            out.add(new UnitOption(section, name, value.toString().strip()));
        }
        return out;
    }

    private static void checkText(int lineNo, String line) throws UnitParseException {
        if (line.length() > MAX_LINE) {
            throw new UnitParseException(lineNo, "line longer than " + MAX_LINE + " characters");
        }
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == 0 || (c < 0x20 && c != '\t' && c != '\r')) {
                throw new UnitParseException(lineNo, "binary data (control character 0x"
                        + Integer.toHexString(c) + ") at column " + (k + 1));
            }
        }
    }

    private static String quote(String s) {
        return '"' + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + '"';
    }
}
