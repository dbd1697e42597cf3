package fleet.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Prometheus' naming, except that fleet v1.0's histograms keep their names: they are timers here
 * (seconds, bucketed as v1.0's), and a timer would get {@code _seconds} appended to
 * {@code ..._duration_second}.
 */
final class FleetNamingConvention implements NamingConvention {
    static final String V1_DURATION = ".duration.second";

    private final NamingConvention prometheus = new PrometheusNamingConvention();

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        if (name.endsWith(V1_DURATION)) {
            return prometheus.name(name, Meter.Type.DISTRIBUTION_SUMMARY, null);
        }
        return prometheus.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
        return prometheus.tagKey(key);
    }

    @Override
    public String tagValue(String value) {
        return prometheus.tagValue(value);
    }
}
