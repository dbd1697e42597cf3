package fleet.unit;

import java.util.Locale;

/** fleet's desired (target) state of a unit: known, loaded into systemd, or started. */
public enum DesiredState {
    INACTIVE, LOADED, LAUNCHED;

    /** The lower-case name used on the wire and in etcd. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DesiredState parse(String s) {
        if (s != null) {
            for (DesiredState d : values()) {
                if (d.wireName().equals(s)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("invalid desired state \"" + s
                + "\": expected inactive, loaded or launched");
    }
}
