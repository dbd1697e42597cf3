package fleet.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import fleet.registry.StoredUnit;
import fleet.registry.UnitCatalog;
import fleet.registry.UnitStateRecord;
import fleet.unit.DesiredState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Units by desired state (the whole cluster, as every machine's catalog holds it) and by current
 * state (systemd's ActiveState of the units this machine's agent published). Counted from the
 * catalog's memory when scraped, at most once a second however many gauges read them. The gauges
 * hold this object strongly (Micrometer's default is weak): nothing else does.
 */
final class UnitStateGauges {
    static final List<String> CURRENT = List.of("active", "activating", "deactivating", "reloading", "inactive",
            "failed", "other");
    private static final long FRESH_NANOS = 1_000_000_000L;

    private final UnitCatalog catalog;
    private final String machineId;
    private final LongSupplier nanos;
    private Counts counts = new Counts(Map.of(), Map.of());
    private long countedAt;
    private boolean counted;

    private record Counts(Map<String, Long> desired, Map<String, Long> current) {}

    UnitStateGauges(UnitCatalog catalog, String machineId, LongSupplier nanos) {
        this.catalog = catalog;
        this.machineId = machineId;
        this.nanos = nanos;
    }

    void register(MeterRegistry r) {
        for (DesiredState s : DesiredState.values()) {
            Gauge.builder("fleet.units.desired", this, g -> g.fresh().desired().getOrDefault(s.wireName(), 0L))
                    .description("Units in the cluster by desired state.").tag("state", s.wireName())
                    .strongReference(true).register(r);
        }
        for (String s : CURRENT) {
            Gauge.builder("fleet.units.current", this, g -> g.fresh().current().getOrDefault(s, 0L))
                    .description("Units this machine runs, by the ActiveState its agent last published.")
                    .tag("state", s).strongReference(true).register(r);
        }
    }

    private synchronized Counts fresh() {
        long now = nanos.getAsLong();
        if (!counted || now - countedAt >= FRESH_NANOS) {
            counts = count();
            countedAt = now;
            counted = true;
        }
        return counts;
    }

    private Counts count() {
        Map<String, Long> desired = new HashMap<>();
        for (StoredUnit u : catalog.snapshot(0).units().values()) {
            desired.merge(u.desiredState().wireName(), 1L, Long::sum);
        }
        Map<String, Long> current = new HashMap<>();
        for (UnitStateRecord s : catalog.unitStates(null, machineId, 0)) {
            String state = CURRENT.contains(s.activeState()) ? s.activeState() : "other";
            current.merge(state, 1L, Long::sum);
        }
        return new Counts(desired, current);
    }
}
