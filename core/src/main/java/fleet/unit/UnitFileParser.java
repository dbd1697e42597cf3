package fleet.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * systemd's unit-file syntax (conf-parser.c): {@code [Section]} headers, {@code Name=Value} lines,
 * {@code #} and {@code ;} comments, blank lines, and a trailing backslash continuing a line.
 *
 * <p>Continuations follow systemd, not go-systemd: the backslash becomes a space, the next line is
 * appended as it is, and comment lines inside a continuation are skipped. Where systemd merely
 * warns and ignores a line (no section yet, no {@code =}, no name), we refuse the file, so that
 * nothing a user wrote is dropped silently.
 */
final class UnitFileParser {
    /**
     * Longest physical or continued line. systemd allows 1 MiB; go-systemd (fleet) refused 2 KiB;
     * 64 KiB keeps long ExecStart lines working while bounding what one unit can cost.
     */
    static final int MAX_LINE = 64 * 1024;

    private final List<String> lines;
    private final List<UnitOption> out = new ArrayList<>();
    private String section;

    private UnitFileParser(List<String> lines) {
        this.lines = lines;
    }

    static List<UnitOption> parse(String text) throws UnitParseException {
        UnitFileParser parser = new UnitFileParser(UnitText.lines(text));
        parser.run();
        return parser.out;
    }

    private void run() throws UnitParseException {
        StringBuilder logical = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (line.length() > MAX_LINE) {
                throw new UnitParseException(lineNo, "line longer than " + MAX_LINE + " characters");
            }
            if (isComment(line)) {
                continue; // also inside a continuation, as systemd does
            }
            if (logical == null) {
                logical = new StringBuilder(line);
                start = lineNo;
            } else {
                logical.append(line);
                if (logical.length() > MAX_LINE) {
                    throw new UnitParseException(start, "continued line longer than " + MAX_LINE + " characters");
                }
            }
            if (endsInContinuation(logical)) {
                logical.setCharAt(logical.length() - 1, ' ');
                continue;
            }
            parseLine(start, logical.toString());
            logical = null;
        }
        if (logical != null) {
            parseLine(start, logical.toString()); // a file may end inside a continuation
        }
    }

    private void parseLine(int lineNo, String raw) throws UnitParseException {
        String line = strip(raw);
        if (line.isEmpty()) {
            return;
        }
        if (line.charAt(0) == '[') {
            section = sectionName(lineNo, line);
            return;
        }
        if (section == null) {
            throw new UnitParseException(lineNo, "option " + quote(line) + " appears before any [Section] header");
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new UnitParseException(lineNo, "missing '=' in " + quote(line) + " (expected Name=Value)");
        }
        String name = strip(line.substring(0, eq));
        if (name.isEmpty()) {
            throw new UnitParseException(lineNo, "missing option name before '=' in " + quote(line));
        }
        out.add(new UnitOption(section, name, strip(line.substring(eq + 1))));
    }

    private static String sectionName(int lineNo, String line) throws UnitParseException {
        String name = line.length() >= 2 && line.endsWith("]") ? line.substring(1, line.length() - 1) : null;
        if (name == null || strip(name).isEmpty() || name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
            throw new UnitParseException(lineNo, "bad section header " + quote(line) + " (expected [Name])");
        }
        return name;
    }

    private static boolean isComment(String line) {
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (!isBlank(c)) {
                return c == '#' || c == ';';
            }
        }
        return false;
    }

    /** systemd strips only spaces and tabs here (CR and LF never reach a line); other Unicode spaces stay. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** A trailing backslash that is not itself escaped ({@code \\} at the end is a literal backslash). */
    private static boolean endsInContinuation(CharSequence s) {
        boolean escaped = false;
        for (int k = 0; k < s.length(); k++) {
            escaped = !escaped && s.charAt(k) == '\\';
        }
        return escaped;
    }

    static String quote(String s) {
        return '"' + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + '"';
    }
}
