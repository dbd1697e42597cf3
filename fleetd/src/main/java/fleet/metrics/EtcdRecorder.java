package fleet.metrics;

import fleet.observe.Timing;
import fleet.registry.RegistryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * etcd requests by operation (latency, errors), watch resyncs, and fleet v1.0's registry operation
 * metrics ({@code fleet_registry_*}, with v1.0's labels: {@code type} on the counters, {@code ops}
 * on the histogram).
 */
final class EtcdRecorder implements RegistryMetrics {
    private final MeterRegistry registry;
    private final LabelledMeters<Timer> requests;
    private final LabelledMeters<Counter> errors;
    private final LabelledMeters<Counter> v1Count;
    private final LabelledMeters<Counter> v1Failed;
    private final LabelledMeters<Timer> v1Seconds;

    EtcdRecorder(MeterRegistry r) {
        this.registry = r;
        requests = new LabelledMeters<>(EtcdRequestKind.OPS, op -> Timer.builder("fleet.etcd.request")
                .description("etcd requests fleetd waited for, by operation (the registry's verb).")
                .serviceLevelObjectives(Timings.CALL_BUCKETS).tag("op", op).register(r));
        errors = new LabelledMeters<>(EtcdRequestKind.OPS, op -> Counter.builder("fleet.etcd.request.errors")
                .description("etcd requests that failed or timed out, by operation.").tag("op", op).register(r));
        v1Count = new LabelledMeters<>(EtcdRequestKind.V1_TYPES, t -> Counter.builder("fleet.registry.operation.count")
                .description("Counter of registry operations.").tag("type", t).register(r));
        v1Failed = new LabelledMeters<>(EtcdRequestKind.V1_TYPES, t -> Counter
                .builder("fleet.registry.operation.failed.count").description("Counter of failed registry operations.")
                .tag("type", t).register(r));
        v1Seconds = new LabelledMeters<>(EtcdRequestKind.V1_TYPES, t -> Timer
                .builder("fleet.registry.operation" + FleetNamingConvention.V1_DURATION)
                .description("Histogram of time (in seconds) each registry operation takes.")
                .serviceLevelObjectives(Timings.GO_DEFAULT_BUCKETS).tag("ops", t).register(r));
    }

    @Override
    public Timing etcdRequest(String what) {
        String op = EtcdRequestKind.op(what);
        Timing ours = Timings.start(requests.get(op), errors.get(op));
        String v1 = EtcdRequestKind.v1Type(what);
        if (v1 == null) {
            return ours;
        }
        long started = System.nanoTime();
        return failed -> {
            ours.ended(failed);
            v1Outcome(v1, System.nanoTime() - started, failed);
        };
    }

    /** As v1.0: a success is counted and timed, a failure only counted. */
    private void v1Outcome(String type, long nanos, boolean failed) {
        if (failed) {
            v1Failed.get(type).increment();
        } else {
            v1Count.get(type).increment();
            v1Seconds.get(type).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void watchResynced(String prefix) {
        Counter.builder("fleet.etcd.watch.resyncs")
                .description("Watches that found their revision compacted and read everything again, by key prefix.")
                .tag("prefix", prefix).register(registry).increment();
    }
}
