package fleet.registry;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine decides from, read at one etcd {@link #revision()}: watch from
 * {@code revision + 1} to miss nothing.
 *
 * @param units     every unit with its body, by name
 * @param schedule  every placement
 * @param reasons   the engine's last word on units it did not place, by unit
 * @param machines  live machines, dynamic metadata merged, by ID
 */
public record RegistrySnapshot(
        long revision,
        Map<String, StoredUnit> units,
        List<ScheduledUnit> schedule,
        Map<String, UnitReasons> reasons,
        Map<String, MachineInfo> machines) {

    public RegistrySnapshot {
        units = Map.copyOf(units);
        schedule = List.copyOf(schedule);
        reasons = Map.copyOf(reasons);
        machines = Map.copyOf(machines);
    }
}
