package fleet.systemd;

/**
 * Receives the state of a unit each time it changes. Calls come one at a time, in the order systemd
 * sent them, on one thread owned by the manager; a repeat of the last state of a unit is not delivered.
 */
@FunctionalInterface
public interface UnitStateListener {
    void stateChanged(String unitName, UnitState state);
}
