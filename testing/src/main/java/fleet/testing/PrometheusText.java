package fleet.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a scrape in Prometheus' text exposition format, for tests that check what a
 * fleetd counted: {@code sum("fleet_engine_placements_total")} adds every series of that name,
 * {@code sum(name, "reason", "binpack")} those whose labels include the pairs given.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One line of the scrape: a series and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final String text;

    private PrometheusText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusText(text, out);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Whether a sample of this name (with these label pairs) is there at all. */
    public boolean has(String name, String... labelPairs) {
        return samples.stream().anyMatch(s -> matches(s, name, labelPairs));
    }

    /** The sum of the values of every sample of this name whose labels include {@code labelPairs} (k1, v1, k2, v2...). */
    public double sum(String name, String... labelPairs) {
        return samples.stream().filter(s -> matches(s, name, labelPairs)).mapToDouble(Sample::value).sum();
    }

    /** The {@code # TYPE} a metric family is declared with, or null. */
    public String type(String family) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE " + family + " ")) {
                return line.substring(("# TYPE " + family + " ").length()).trim();
            }
        }
        return null;
    }

    private static boolean matches(Sample s, String name, String... labelPairs) {
        if (!s.name().equals(name)) {
            return false;
        }
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
