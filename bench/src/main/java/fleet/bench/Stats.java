package fleet.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians over runs (the middle value; the mean of the two middle ones for an even count; NaN for none). */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] v = values.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
        return median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

    /** The median of whole milliseconds, rounded. */
    static long medianMs(List<Long> millis) {
        return Math.round(median(millis, Long::doubleValue));
    }
}
