package fleet.constraint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The placement requirements of one unit, read from its {@code [X-Fleet]} section with specifiers
 * already expanded. Built and validated by {@code XFleetParser}.
 *
 * @param machineId  MachineID: a full 32-hex or 8-char short machine ID (first value only)
 * @param machineOf  MachineOf: units that must all run on the same machine (no globs)
 * @param metadata   MachineMetadata: key to allowed values (AND across keys, OR within a key)
 * @param conflicts  Conflicts: glob patterns of unit names that may not share a machine
 * @param global     Global: run on every matching machine, not placed by the engine
 * @param replaces   Replaces: unit names or globs displaced from the machine this unit lands on
 * @param atMostOneCopy AtMostOneCopy (ours, not fleet v1.0's): the unit must never run twice, so its
 *                   agent stops it once it could not renew its machine's presence for 2/3 of
 *                   agent_ttl, before the engine may place it elsewhere (docs/architecture.md)
 * @param rescheduleOnFailure RescheduleOnFailure (ours): move the unit after so many failures on one
 *                   machine within a window; empty = fleet v1.0's behaviour (left failed where it is)
 * @param batch      Batch (ours, for {@code Type=oneshot} units): once it exited successfully it is
 *                   completed and never started again, also not when it is rescheduled, until it is
 *                   replaced by a new version or destroyed
 */
public record Requirements(
        Optional<String> machineId,
        List<String> machineOf,
        Map<String, Set<String>> metadata,
        List<String> conflicts,
        boolean global,
        List<String> replaces,
        boolean atMostOneCopy,
        Optional<FailurePolicy> rescheduleOnFailure,
        boolean batch) {

    public static final Requirements NONE =
            new Requirements(Optional.empty(), List.of(), Map.of(), List.of(), false, List.of());

    /** fleet v1.0's requirements: any number of copies may run while a machine is cut off. */
    public Requirements(Optional<String> machineId, List<String> machineOf, Map<String, Set<String>> metadata,
            List<String> conflicts, boolean global, List<String> replaces) {
        this(machineId, machineOf, metadata, conflicts, global, replaces, false);
    }

    public Requirements(Optional<String> machineId, List<String> machineOf, Map<String, Set<String>> metadata,
            List<String> conflicts, boolean global, List<String> replaces, boolean atMostOneCopy) {
        this(machineId, machineOf, metadata, conflicts, global, replaces, atMostOneCopy, Optional.empty(), false);
    }

    public Requirements {
        machineOf = List.copyOf(machineOf);
        metadata = copyInOrder(metadata);
        conflicts = List.copyOf(conflicts);
        replaces = List.copyOf(replaces);
        Objects.requireNonNull(rescheduleOnFailure, "rescheduleOnFailure");
    }

    /** Whether {@code unitName} matches one of this unit's Conflicts globs. */
    public boolean conflictsWith(String unitName) {
        return conflicts.stream().anyMatch(pattern -> Glob.matches(pattern, unitName));
    }

    /** Whether a machine with this metadata has, for every required key, one of the allowed values. */
    public boolean metadataAllows(Map<String, String> machineMetadata) {
        return metadata.entrySet().stream()
                .allMatch(e -> e.getValue().contains(machineMetadata.get(e.getKey())));
    }

    /** Deeply unmodifiable, keeping the order the unit file gave (for stable messages). */
    private static Map<String, Set<String>> copyInOrder(Map<String, Set<String>> metadata) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        metadata.forEach((key, values) -> copy.put(Objects.requireNonNull(key, "metadata key"),
                Collections.unmodifiableSet(new LinkedHashSet<>(values))));
        return Collections.unmodifiableMap(copy);
    }
}
