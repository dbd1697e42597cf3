package fleet.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes options the way go-systemd's {@code Serialize} does (sections in order of first appearance,
 * each section's options together, one blank line between sections), so that hashes agree with
 * fleet's for the same options.
 */
final class UnitFileSerializer {
    private UnitFileSerializer() {}

    static String serialize(List<UnitOption> options) {
        Map<String, List<UnitOption>> bySection = new LinkedHashMap<>();
        for (UnitOption o : options) {
            bySection.computeIfAbsent(o.section(), s -> new ArrayList<>()).add(o);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, List<UnitOption>> section : bySection.entrySet()) {
            out.append('[').append(section.getKey()).append("]\n");
            for (UnitOption o : section.getValue()) {
                out.append(o.name()).append('=').append(o.value()).append('\n');
            }
            if (++i < bySection.size()) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
