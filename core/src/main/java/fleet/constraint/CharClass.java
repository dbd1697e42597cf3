package fleet.constraint;

/**
 * One {@code [...]} class of a {@link Glob} pattern, parsed with Go's rules: non-empty, optional
 * {@code ^}, ranges {@code lo-hi}, {@code \} escapes; {@code -} and {@code ]} must be escaped
 * except that {@code ]} closes the class once it has a range.
 *
 * @param matched whether the code point given to {@link #parse} is selected by the class
 * @param next    the pattern index just after the closing {@code ]}
 */
record CharClass(boolean matched, int next) {

    /** Parses the class whose body starts at {@code c} (after '['); null when malformed. */
    static CharClass parse(String pattern, int c, int end, int codePoint) {
        boolean negated = c < end && pattern.charAt(c) == '^';
        if (negated) {
            c++;
        }
        boolean match = false;
        int ranges = 0;
        while (true) {
            if (c < end && pattern.charAt(c) == ']' && ranges > 0) {
                return new CharClass(match != negated, c + 1);
            }
            Escaped lo = escaped(pattern, c, end);
            if (lo == null) {
                return null;
            }
            Escaped hi = lo;
            if (pattern.charAt(lo.next()) == '-') {
                hi = escaped(pattern, lo.next() + 1, end);
                if (hi == null) {
                    return null;
                }
            }
            c = hi.next();
            if (lo.codePoint() <= codePoint && codePoint <= hi.codePoint()) {
                match = true;
            }
            ranges++;
        }
    }

    private record Escaped(int codePoint, int next) {}

    /** Go's getEsc: a possibly escaped character at c, which must be followed by more pattern; null if not. */
    private static Escaped escaped(String pattern, int c, int end) {
        if (c >= end || pattern.charAt(c) == '-' || pattern.charAt(c) == ']') {
            return null;
        }
        if (pattern.charAt(c) == '\\') {
            c++;
            if (c >= end) {
                return null;
            }
        }
        int cp = pattern.codePointAt(c);
        int next = c + Character.charCount(cp);
        return next < end ? new Escaped(cp, next) : null;
    }
}
