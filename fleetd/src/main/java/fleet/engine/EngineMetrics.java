package fleet.engine;

import java.time.Instant;

/** What the engine tells an observer: its terms, and each pass with the decisions it wrote. */
public interface EngineMetrics {
    EngineMetrics NONE = new EngineMetrics() { };

    /** Leadership won; {@code term} grows with every new term in the cluster (the fence's create revision). */
    default void elected(long term, Instant at) {
    }

    default void deposed() {
    }

    /** A pass that completed: where its time went and what it decided. */
    default void passed(Engine.PassTimings timings, EnginePlan plan) {
    }

    /** The writes of {@code plan} failed (some may have committed); the pass is retried. */
    default void writeFailed(EnginePlan plan) {
    }

    /** A pass that did not complete (etcd unreachable, the fence lost, a bug). */
    default void passFailed() {
    }
}
