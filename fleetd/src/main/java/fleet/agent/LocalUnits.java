package fleet.agent;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import fleet.systemd.UnitState;
import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * What this host has, for {@link AgentReconciler#plan}: every file in the units directory, with its
 * hash, {@code LAUNCHED} when systemd runs it or the agent started it (a oneshot that has finished is
 * not started again), else {@code LOADED}. Pure.
 */
public final class LocalUnits {
    private LocalUnits() {}

    /** systemd's active states that count as running. */
    public static boolean running(UnitState state) {
        return state != null && switch (state.active()) {
            case "active", "activating", "reloading" -> true;
            default -> false;
        };
    }

    public static Map<String, LocalUnit> of(Map<String, UnitHash> files, Map<String, UnitState> states,
            Set<String> launchedByAgent) {
        Map<String, LocalUnit> out = new TreeMap<>();
        files.forEach((name, hash) -> {
            boolean launched = running(states.get(name)) || launchedByAgent.contains(name);
            out.put(name, new LocalUnit(name, hash, launched ? DesiredState.LAUNCHED : DesiredState.LOADED));
        });
        return out;
    }
}
