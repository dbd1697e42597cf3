package fleet.metrics;

import fleet.agent.AgentMetrics;
import fleet.api.ApiMetrics;
import fleet.engine.EngineMetrics;
import fleet.registry.RegistryMetrics;
import fleet.registry.UnitCatalog;
import fleet.systemd.SystemdManager;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * fleetd's metrics, kept in one Micrometer Prometheus registry: hands each component the observer
 * its port declares and serves the text the API answers {@code /metrics} with. The only JVM binder
 * is memory (heap and non-heap pools, buffers): the others load many classes for little.
 */
public final class FleetMetrics {
    private final PrometheusMeterRegistry registry = newRegistry();
    private final EngineRecorder engine = new EngineRecorder(registry);
    private final AgentRecorder agent = new AgentRecorder(registry);
    private final EtcdRecorder etcd = new EtcdRecorder(registry);
    private final ApiRecorder api = new ApiRecorder(registry);

    private static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().namingConvention(new FleetNamingConvention());
        return r;
    }

    public FleetMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
    }

    public EngineMetrics engine() {
        return engine;
    }

    public AgentMetrics agent() {
        return agent;
    }

    public RegistryMetrics registry() {
        return etcd;
    }

    public ApiMetrics api() {
        return api;
    }

    /** {@code systemd}, its D-Bus calls timed. */
    public SystemdManager timed(SystemdManager systemd) {
        return new TimedSystemd(systemd, registry);
    }

    /** Counts units by desired and current state from {@code catalog} whenever scraped. */
    public void countUnits(UnitCatalog catalog, String machineId) {
        new UnitStateGauges(catalog, machineId, System::nanoTime).register(registry);
    }
}
