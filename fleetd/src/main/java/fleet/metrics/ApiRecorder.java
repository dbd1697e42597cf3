package fleet.metrics;

import java.util.concurrent.TimeUnit;

import fleet.api.ApiMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** API requests by method, route template and status code; and the scrape itself. */
final class ApiRecorder implements ApiMetrics {
    private final PrometheusMeterRegistry registry;

    ApiRecorder(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String method, String route, int status, long nanos) {
        Timer.builder("fleet.api.requests").description("API requests answered, by method, route and status code.")
                .tag("method", method).tag("route", route).tag("code", Integer.toString(status)).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
