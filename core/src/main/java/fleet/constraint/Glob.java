package fleet.constraint;

/**
 * Shell-style name patterns with Go {@code path.Match} semantics, as fleet used them for
 * {@code Conflicts} and {@code Replaces}: {@code *} matches any run of characters except
 * {@code /}, {@code ?} one character except {@code /}, {@code [abc]}, {@code [a-z]} and
 * {@code [^a-z]} a character class, and a backslash escapes the next character.
 */
public final class Glob {
    private Glob() {
    }

    /**
     * Whether {@code name} matches {@code pattern}. A malformed pattern (unclosed class, trailing
     * backslash, unescaped {@code -} or {@code ]} inside a class) matches nothing, as Go's
     * {@code path.Match} returns {@code ErrBadPattern} for it.
     */
    public static boolean matches(String pattern, String name) {
        return isWellFormed(pattern) && match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi, s, k)) {
                        return true;
                    }
                    if (k < s.length() && s.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            char x = s.charAt(si);
            if (c == '?') {
                if (x == '/') {
                    return false;
                }
                pi++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (!classContains(p, pi + 1, end, x)) {
                    return false;
                }
                pi = end + 1;
            } else if (c == '\\') {
                if (p.charAt(pi + 1) != x) {
                    return false;
                }
                pi += 2;
            } else {
                if (c != x) {
                    return false;
                }
                pi++;
            }
            si++;
        }
        return si == s.length();
    }

    private static boolean isWellFormed(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (++i >= p.length()) {
                    return false;
                }
            } else if (c == '[') {
                int end = classEnd(p, i);
                if (end < 0) {
                    return false;
                }
                i = end;
            }
        }
        return true;
    }

    /** Index of the {@code ]} closing the class opened at {@code open}, or -1 if malformed. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        int ranges = 0;
        while (i < p.length()) {
            if (p.charAt(i) == ']' && ranges > 0) {
                return i;
            }
            i = skipClassChar(p, i);
            if (i < 0) {
                return -1;
            }
            if (i < p.length() && p.charAt(i) == '-') {
                i = skipClassChar(p, i + 1);
                if (i < 0) {
                    return -1;
                }
            }
            ranges++;
        }
        return -1;
    }

    /** Index after one (possibly escaped) class character at {@code i}, or -1 if malformed. */
    private static int skipClassChar(String p, int i) {
        if (i >= p.length()) {
            return -1;
        }
        char c = p.charAt(i);
        if (c == '-' || c == ']') {
            return -1;
        }
        if (c == '\\') {
            return i + 1 < p.length() ? i + 2 : -1;
        }
        return i + 1;
    }

    private static boolean classContains(String p, int from, int end, char x) {
        boolean negated = p.charAt(from) == '^';
        int i = negated ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            char lo = classChar(p, i);
            i = skipClassChar(p, i);
            char hi = lo;
            if (p.charAt(i) == '-') {
                hi = classChar(p, i + 1);
                i = skipClassChar(p, i + 1);
            }
            if (lo <= x && x <= hi) {
                found = true;
            }
        }
        return found != negated;
    }

    private static char classChar(String p, int i) {
        return p.charAt(i) == '\\' ? p.charAt(i + 1) : p.charAt(i);
    }
}
