package fleet.constraint;

/**
 * Go's {@code path.Match}, which fleet used for Conflicts and Replaces: {@code *} matches any run
 * of characters except {@code /}, {@code ?} one character except {@code /}, {@code [a-z]} and
 * {@code [^a-z]} a class (which may match {@code /}), {@code \} escapes the next character. A
 * malformed pattern matches nothing, as fleet ignored the error.
 *
 * <p>The algorithm is Go's, chunk by chunk: each chunk after a star is matched at its first
 * possible position without backtracking into earlier chunks, so corner cases answer as in fleet.
 */
public final class Glob {
    private static final int BAD = -2;
    private static final int NO = -1;

    private final String pattern;
    private final String name;

    private Glob(String pattern, String name) {
        this.pattern = pattern;
        this.name = name;
    }

    public static boolean matches(String pattern, String name) {
        return new Glob(pattern, name).match();
    }

    /** Whether {@code pattern} is well-formed; a malformed one would silently match nothing. */
    public static boolean isValid(String pattern) {
        for (int p = 0; p < pattern.length(); ) {
            int chunkStart = skipStars(pattern, p);
            int chunkEnd = chunkEnd(pattern, chunkStart);
            if (new Glob(pattern, "").matchChunk(chunkStart, chunkEnd, 0) == BAD) {
                return false;
            }
            p = chunkEnd;
        }
        return true;
    }

    private boolean match() {
        int p = 0;
        int n = 0;
        while (p < pattern.length()) {
            int chunkStart = skipStars(pattern, p);
            boolean star = chunkStart > p;
            int chunkEnd = chunkEnd(pattern, chunkStart);
            p = chunkEnd;
            boolean last = p == pattern.length();
            if (star && chunkStart == chunkEnd) {
                return name.indexOf('/', n) < 0; // a trailing star takes the rest unless it has a '/'
            }
            int after = matchChunk(chunkStart, chunkEnd, n);
            if (after == BAD) {
                return false;
            }
            if (after >= 0 && (after == name.length() || !last)) {
                n = after;
                continue;
            }
            int found = star ? skipAhead(chunkStart, chunkEnd, n, last) : NO;
            if (found < 0) {
                return false; // also for BAD: a malformed rest matches nothing either way
            }
            n = found;
        }
        return n == name.length();
    }

    /** Tries the chunk after skipping 1, 2, ... characters of name, never skipping a '/'. */
    private int skipAhead(int chunkStart, int chunkEnd, int n, boolean last) {
        for (int i = n; i < name.length() && name.charAt(i) != '/'; i++) {
            int after = matchChunk(chunkStart, chunkEnd, i + 1);
            if (after == BAD) {
                return BAD;
            }
            if (after >= 0 && !(last && after < name.length())) {
                return after;
            }
        }
        return NO;
    }

    private static int skipStars(String pattern, int p) {
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p;
    }

    /** End of the star-free chunk starting at p; a '*' inside [...] does not end it. */
    private static int chunkEnd(String pattern, int p) {
        boolean inRange = false;
        for (int i = p; i < pattern.length(); i++) {
            switch (pattern.charAt(i)) {
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> { }
            }
        }
        return pattern.length();
    }

    /**
     * Matches pattern[c, end) at name[n]: the index in name after the match, NO, or BAD for a
     * malformed chunk (checked to the end even after a mismatch, as Go does).
     */
    private int matchChunk(int c, int end, int n) {
        boolean failed = false;
        while (c < end) {
            if (!failed && n >= name.length()) {
                failed = true;
            }
            char pc = pattern.charAt(c);
            if (pc == '[') {
                int r = failed ? -1 : name.codePointAt(n);
                if (!failed) {
                    n += Character.charCount(r);
                }
                CharClass cls = CharClass.parse(pattern, c + 1, end, r);
                if (cls == null) {
                    return BAD;
                }
                failed |= !cls.matched();
                c = cls.next();
            } else if (pc == '?') {
                if (!failed) {
                    failed = name.charAt(n) == '/';
                    n += Character.charCount(name.codePointAt(n));
                }
                c++;
            } else {
                if (pc == '\\') {
                    c++;
                    if (c >= end) {
                        return BAD;
                    }
                }
                if (!failed) {
                    failed = pattern.charAt(c) != name.charAt(n);
                    n++;
                }
                c++;
            }
        }
        return failed ? NO : n;
    }
}
