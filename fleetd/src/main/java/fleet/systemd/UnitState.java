package fleet.systemd;

import java.util.Objects;

/** systemd's own view of one unit: its LoadState, ActiveState and SubState, exactly as systemd names them. */
public record UnitState(String load, String active, String sub) {
    public UnitState {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(sub, "sub");
    }

    @Override
    public String toString() {
        return load + "/" + active + "/" + sub;
    }
}
