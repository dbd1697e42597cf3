package fleet.unit;

import java.util.Locale;

/** What fleet should do with a unit: fleet's target state, {@code inactive | loaded | launched}. */
public enum DesiredState {
    /** Known to fleet, not assigned to a machine. */
    INACTIVE,
    /** Assigned to a machine and loaded into systemd, not started. */
    LOADED,
    /** Loaded and started. */
    LAUNCHED;

    /** The name used on the wire (API, etcd, fleetctl): lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; anything else is refused with the list of valid names. */
    public static DesiredState parse(String wire) {
        if (wire != null) {
            for (DesiredState s : values()) {
                if (s.wireName().equals(wire)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("invalid desired state " + (wire == null ? "null" : '"' + wire + '"')
                + ": must be one of inactive, loaded, launched");
    }
}
