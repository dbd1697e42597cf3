package fleet.constraint;

import java.util.List;
import java.util.Map;
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
 */
public record Requirements(
        Optional<String> machineId,
        List<String> machineOf,
        Map<String, Set<String>> metadata,
        List<String> conflicts,
        boolean global,
        List<String> replaces) {

    public static final Requirements NONE =
            new Requirements(Optional.empty(), List.of(), Map.of(), List.of(), false, List.of());

    public Requirements {
        machineOf = List.copyOf(machineOf);
        metadata = Map.copyOf(metadata);
        conflicts = List.copyOf(conflicts);
        replaces = List.copyOf(replaces);
    }
}
