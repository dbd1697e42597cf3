package fleet.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Meters registered up front for every value of one label, so that a scrape shows each series from
 * the start (at 0) and a label value outside the list cannot add a series.
 */
final class LabelledMeters<M> {
    private final Map<String, M> byValue;
    private final M other;

    LabelledMeters(List<String> values, Function<String, M> register) {
        this.byValue = values.stream().collect(Collectors.toUnmodifiableMap(v -> v, register));
        this.other = byValue.containsKey(DecisionCause.OTHER) ? byValue.get(DecisionCause.OTHER)
                : byValue.get(values.get(values.size() - 1));
    }

    M get(String value) {
        return byValue.getOrDefault(value, other);
    }

    java.util.Collection<M> all() {
        return byValue.values();
    }
}
