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
 * @param failures  failures the agents found of units with {@code RescheduleOnFailure}, per unit and machine
 * @param completions units with {@code Batch=true} that exited successfully, by unit
 * @param moves    rebalancing moves asked for, with their outcome once decided, by unit
 */
public record RegistrySnapshot(
        long revision,
        Map<String, StoredUnit> units,
        List<ScheduledUnit> schedule,
        Map<String, UnitReasons> reasons,
        Map<String, MachineInfo> machines,
        List<FailureRecord> failures,
        Map<String, CompletionRecord> completions,
        Map<String, MoveRecord> moves) {

    public RegistrySnapshot {
        units = Map.copyOf(units);
        schedule = List.copyOf(schedule);
        reasons = Map.copyOf(reasons);
        machines = Map.copyOf(machines);
        failures = List.copyOf(failures);
        completions = Map.copyOf(completions);
        moves = Map.copyOf(moves);
    }

    public RegistrySnapshot(long revision, Map<String, StoredUnit> units, List<ScheduledUnit> schedule,
            Map<String, UnitReasons> reasons, Map<String, MachineInfo> machines, List<FailureRecord> failures,
            Map<String, CompletionRecord> completions) {
        this(revision, units, schedule, reasons, machines, failures, completions, Map.of());
    }

    public RegistrySnapshot(long revision, Map<String, StoredUnit> units, List<ScheduledUnit> schedule,
            Map<String, UnitReasons> reasons, Map<String, MachineInfo> machines) {
        this(revision, units, schedule, reasons, machines, List.of(), Map.of(), Map.of());
    }
}
