package fleet.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** The named columns a list command can print: a field name and how to render it for a row. */
public final class Columns<T> {
    private final Map<String, BiFunction<T, Boolean, String>> fields = new LinkedHashMap<>();

    /** {@code render} gets the row and whether --full was given. */
    public Columns<T> add(String field, BiFunction<T, Boolean, String> render) {
        fields.put(field, render);
        return this;
    }

    /** Parses a --fields value; an unknown or empty field is a usage error. */
    public List<String> select(String csv) {
        List<String> chosen = new ArrayList<>();
        for (String f : csv.split(",", -1)) {
            String field = f.trim();
            if (!fields.containsKey(field)) {
                throw new IllegalArgumentException(field.isEmpty()
                        ? "empty field in --fields \"" + csv + "\""
                        : "invalid key in output field: \"" + field + "\" (valid: " + String.join(",", fields.keySet())
                                + ")");
            }
            chosen.add(field);
        }
        return chosen;
    }

    public String render(List<T> items, List<String> chosen, boolean full, boolean noLegend) {
        List<String> header = noLegend ? null : chosen.stream().map(f -> f.toUpperCase(Locale.ROOT)).toList();
        List<List<String>> rows = new ArrayList<>(items.size());
        for (T item : items) {
            List<String> row = new ArrayList<>(chosen.size());
            for (String f : chosen) {
                row.add(fields.get(f).apply(item, full));
            }
            rows.add(row);
        }
        return TableWriter.render(header, rows);
    }
}
