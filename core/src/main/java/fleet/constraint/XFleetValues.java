package fleet.constraint;

import fleet.unit.Specifiers;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import fleet.unit.UnitOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The raw values of a unit's {@code [X-Fleet]} keys, in file order, after fleet's quoting rule and
 * specifier expansion. Unknown keys become warnings.
 */
final class XFleetValues {
    static final String SECTION = "X-Fleet";

    private final Map<XFleetKey, List<String>> byKey = new EnumMap<>(XFleetKey.class);
    private final Map<XFleetKey, List<String>> byMeaning = new EnumMap<>(XFleetKey.class);

    private XFleetValues() {}

    static XFleetValues collect(UnitName unit, UnitFile file, List<String> warnings) {
        XFleetValues out = new XFleetValues();
        for (UnitOption option : file.options()) {
            if (!option.section().equals(SECTION)) {
                continue;
            }
            var key = XFleetKey.of(option.name());
            if (key.isEmpty()) {
                warnings.add("unknown option " + option.name() + " in [X-Fleet] ignored");
                continue;
            }
            for (String value : split(option.value())) {
                String expanded = Specifiers.expand(value, unit);
                out.byKey.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(expanded);
                out.byMeaning.computeIfAbsent(key.get().meaning(), k -> new ArrayList<>()).add(expanded);
            }
        }
        for (XFleetKey key : out.byKey.keySet()) {
            if (key.deprecated()) {
                warnings.add("[X-Fleet] " + key.key + " is deprecated; use " + key.meaning().key);
            }
        }
        return out;
    }

    /** Values of exactly this key, in file order. */
    List<String> of(XFleetKey key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** Values of this option under its modern and deprecated keys together, in file order. */
    List<String> meaning(XFleetKey option) {
        return byMeaning.getOrDefault(option, List.of());
    }

    /**
     * fleet's quoting rule: a value that starts and ends with {@code "} is split on spaces outside
     * quotes, and the quotes are dropped ({@code "a=1" "b=2"} gives two values); any other value is
     * one value. As in fleet, two spaces in a row give an empty value, which callers drop.
     */
    static List<String> split(String value) {
        if (!(value.startsWith("\"") && value.endsWith("\""))) {
            return List.of(value);
        }
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values;
    }
}
