package fleet.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fleet's {@code metadata} option: {@code k=v,k2=v2}, optionally wrapped in double quotes, with
 * whitespace trimmed around {@code =} and {@code ,}. A repeated key keeps its last value. An entry
 * without {@code =}, or with an empty key, is an error (fleet skipped it silently).
 */
final class MetadataParser {
    private MetadataParser() {}

    /** @throws IllegalArgumentException naming the malformed entry */
    static Map<String, String> parse(String text) {
        String s = stripQuotes(text.strip());
        Map<String, String> metadata = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return Map.of();
        }
        for (String entry : s.split(",", -1)) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry \"" + e + "\" is not key=value");
            }
            String key = e.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("entry \"" + e + "\" has an empty key");
            }
            metadata.remove(key);
            metadata.put(key, e.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static String stripQuotes(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }
}
