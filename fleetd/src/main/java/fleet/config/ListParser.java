package fleet.config;

import java.util.ArrayList;
import java.util.List;

/** fleet's list syntax: {@code ["a","b"]} or {@code a,b}; brackets, quotes and spaces are trimmed. */
final class ListParser {
    private ListParser() {}

    static List<String> parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<String> items = new ArrayList<>();
        for (String part : s.split(",")) {
            String item = part.strip();
            if (item.length() >= 2 && (item.startsWith("\"") && item.endsWith("\"")
                    || item.startsWith("'") && item.endsWith("'"))) {
                item = item.substring(1, item.length() - 1).strip();
            }
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return List.copyOf(items);
    }
}
