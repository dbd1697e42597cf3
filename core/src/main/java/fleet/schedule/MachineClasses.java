package fleet.schedule;

import fleet.constraint.MachineMetadataConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Machines grouped by identical metadata (Borg's equivalence classes): a MachineMetadata
 * requirement is decided once per class, not once per machine, and the answer is cached per
 * distinct requirement.
 */
final class MachineClasses {
    private final Map<Map<String, String>, Integer> ids = new HashMap<>();
    private final List<Map<String, String>> metadata = new ArrayList<>();
    private final List<List<MachineSlot>> members = new ArrayList<>();
    private final Map<Map<String, Set<String>>, int[]> eligible = new HashMap<>();

    /** The class of machines with this metadata, created on first sight. */
    int classOf(Map<String, String> machineMetadata) {
        return ids.computeIfAbsent(machineMetadata, m -> {
            metadata.add(m);
            members.add(new ArrayList<>());
            return metadata.size() - 1;
        });
    }

    void addMember(MachineSlot s) {
        members.get(s.metadataClass).add(s);
    }

    int count() {
        return metadata.size();
    }

    List<MachineSlot> members(int cls) {
        return members.get(cls);
    }

    /** The classes whose metadata satisfies {@code required}, in class order. */
    int[] eligible(Map<String, Set<String>> required) {
        int[] cached = eligible.get(required);
        if (cached != null) {
            return cached;
        }
        int[] out = new int[metadata.size()];
        int n = 0;
        for (int c = 0; c < metadata.size(); c++) {
            if (MachineMetadataConstraint.check(required, metadata.get(c)).isEmpty()) {
                out[n++] = c;
            }
        }
        int[] result = java.util.Arrays.copyOf(out, n);
        eligible.put(required, result);
        return result;
    }

    boolean accepts(Map<String, Set<String>> required, int cls) {
        if (required.isEmpty()) {
            return true;
        }
        return java.util.Arrays.binarySearch(eligible(required), cls) >= 0;
    }
}
