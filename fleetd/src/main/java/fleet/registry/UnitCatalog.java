package fleet.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's port to the registry: units, their states, machines and the engine's published
 * decisions, read at a revision; writes only to what users own (units, desired states, machine
 * metadata). The engine's keys ({@code schedule/}, {@code placement/}, {@code reasons/}) are read
 * here and written only through {@link EngineStore}. {@link EtcdRegistry} reads etcd on every call;
 * {@link CatalogCache} answers reads from memory kept current by a watch.
 */
public interface UnitCatalog {
    UnitStore units();

    StateStore states();

    MachineStore machines();

    /** Rebalancing moves: requests (the API's) and their outcomes (the engine's). */
    MoveStore moves();

    /** Units, placements, reasons and machines at {@code revision} (0 = now). */
    RegistrySnapshot snapshot(long revision);

    /** The machine {@code placement/<unit>} names at {@code revision} (0 = now), if the unit is placed. */
    Optional<String> placement(String unit, long revision);

    /** The engine's reasons for not placing {@code unit} at {@code revision} (0 = now), if any. */
    Optional<UnitReasons> reasons(String unit, long revision);

    /** A unit with its placement, states and reasons, read at one revision (now); empty when absent. */
    Optional<UnitDetail> unitDetail(String unit);

    /** States at {@code revision} (0 = now); {@code unit} and {@code machineId} filter when not null. */
    List<UnitStateRecord> unitStates(String unit, String machineId, long revision);

    /** Live machines by ID, dynamic metadata merged, at {@code revision} (0 = now). */
    Map<String, MachineInfo> machineList(long revision);

    /** The registry's current revision. */
    long revision();

    /** The cluster for a live view: read through to etcd, or from memory with change signals. */
    ClusterFeed feed();
}
