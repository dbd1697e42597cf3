package fleet.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Brings the state a pass left to the next snapshot, and names the units the next pass must look
 * at: those that changed, every unit on a machine whose units changed, and the followers of a changed
 * unit. The rest were settled (the last plan left them valid) and nothing they depend on moved, so
 * checking them again would find nothing: a pass over the named units makes the plan a pass over all
 * makes.
 */
final class UnitDelta {
    private UnitDelta() {}

    /**
     * The units to look at, after updating {@code state} to {@code next}; null when the state cannot
     * follow (other machines, a running global unit changed, a new Conflicts/Replaces pattern), and
     * then {@code state} is untouched.
     */
    static SortedSet<String> catchUp(ClusterState state, ClusterSnapshot next) {
        if (!state.hasMachines(next.machines())) {
            return null;
        }
        Map<String, Unit> changed = new HashMap<>();
        int kept = 0;
        for (Unit u : next.units()) {
            Unit old = state.units.get(u.name());
            if (old != null) {
                kept++;
            }
            if (!u.equals(old)) {
                if (!state.canReplace(old, u)) {
                    return null;
                }
                changed.put(u.name(), u);
            }
        }
        if (kept < state.units.size()) {
            Set<String> present = new HashSet<>(next.units().size() * 2);
            next.units().forEach(u -> present.add(u.name()));
            for (Unit old : state.units.values()) {
                if (!present.contains(old.name())) {
                    if (!state.canReplace(old, null)) {
                        return null;
                    }
                    changed.put(old.name(), null);
                }
            }
        }
        SortedSet<String> look = new TreeSet<>(changed.keySet());
        List<MachineSlot> touched = new ArrayList<>();
        changed.forEach((name, now) -> touched.addAll(state.replace(name, now)));
        for (MachineSlot s : touched) {
            s.units().forEach(u -> look.add(u.name()));
        }
        for (String name : changed.keySet()) {
            look.addAll(state.followersOf(name));
        }
        return look;
    }
}
