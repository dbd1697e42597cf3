package fleet.schedule;

/** What the user asked for a unit (fleet's target state). */
public enum DesiredState {
    /** Known to fleet, not on any machine. */
    INACTIVE,
    /** On a machine and loaded into systemd, not started. */
    LOADED,
    /** On a machine, loaded and started. */
    LAUNCHED
}
