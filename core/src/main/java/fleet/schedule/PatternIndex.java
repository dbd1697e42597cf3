package fleet.schedule;

import fleet.constraint.Glob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Conflicts/Replaces patterns of the snapshot match a unit name, computed once per name.
 * Patterns are filed under their literal prefix (the text before the first wildcard), so a name
 * is tried only against the patterns whose prefix it starts with, not against all of them.
 */
final class PatternIndex {
    private final Map<String, List<String>> byPrefix = new HashMap<>();
    private final Set<String> known;
    private final int longestPrefix;
    private final Map<String, List<String>> matchesByName = new HashMap<>();

    PatternIndex(Collection<String> patterns) {
        this.known = new LinkedHashSet<>(patterns);
        int longest = 0;
        for (String p : known) {
            String prefix = literalPrefix(p);
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(p);
            longest = Math.max(longest, prefix.length());
        }
        this.longestPrefix = longest;
    }

    boolean knows(String pattern) {
        return known.contains(pattern);
    }

    /** The known patterns that match {@code name}, in a fixed order. */
    List<String> matching(String name) {
        List<String> cached = matchesByName.get(name);
        if (cached != null) {
            return cached;
        }
        List<String> out = new ArrayList<>(2);
        int upTo = Math.min(name.length(), longestPrefix);
        for (int i = 0; i <= upTo; i++) {
            List<String> candidates = byPrefix.get(name.substring(0, i));
            if (candidates != null) {
                for (String p : candidates) {
                    if (Glob.matches(p, name)) {
                        out.add(p);
                    }
                }
            }
        }
        List<String> result = out.isEmpty() ? List.of() : List.copyOf(out);
        matchesByName.put(name, result);
        return result;
    }

    /** Drops the cached matches of a unit name (the unit went away or changed). */
    void forget(String name) {
        matchesByName.remove(name);
    }

    static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }
}
