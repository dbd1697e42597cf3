package fleet.registry;

import fleet.observe.Timing;

/** What the registry tells an observer: each etcd request it waited for, and each watch resync. */
public interface RegistryMetrics {
    RegistryMetrics NONE = new RegistryMetrics() { };

    /** Starts timing a request; {@code what} is the registry's description ("read body 1a2b", "create unit a.service"). */
    default Timing etcdRequest(String what) {
        return Timing.NONE;
    }

    /** A watch on {@code prefix} found its revision compacted and had its listener read everything again. */
    default void watchResynced(String prefix) {
    }
}
