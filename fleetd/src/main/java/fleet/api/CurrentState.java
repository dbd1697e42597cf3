package fleet.api;

import java.util.List;
import java.util.Set;

import fleet.registry.UnitStateRecord;

/**
 * A unit's {@code currentState}, derived on every read as fleet did (reference §3.2), from the
 * unit's placement and the states its target machine publishes:
 * <ul>
 * <li>{@code inactive}: not placed, or no state from the target machine;</li>
 * <li>{@code launched}: the target machine's state says its agent launched the unit
 *     ({@code agentState = launched}); a state without {@code agentState} (an older publisher)
 *     counts as launched when systemd reports it active, activating or reloading;</li>
 * <li>{@code loaded}: otherwise, i.e. placed and loaded there but not launched.</li>
 * </ul>
 * Global units have no placement: their current state is empty, as in fleet.
 */
final class CurrentState {
    private static final Set<String> RUNNING = Set.of("active", "activating", "reloading");

    private CurrentState() {}

    /** {@code null} (left out of the JSON) for global units. */
    static String of(boolean global, String targetMachine, List<UnitStateRecord> statesOfUnit) {
        if (global) {
            return null;
        }
        if (targetMachine == null) {
            return "inactive";
        }
        for (UnitStateRecord s : statesOfUnit) {
            if (targetMachine.equals(s.machineID())) {
                return launched(s) ? "launched" : "loaded";
            }
        }
        return "inactive";
    }

    private static boolean launched(UnitStateRecord s) {
        if (s.agentState() != null && !s.agentState().isEmpty()) {
            return "launched".equals(s.agentState());
        }
        return s.activeState() != null && RUNNING.contains(s.activeState());
    }
}
