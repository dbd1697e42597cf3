package fleet.agent;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/** A unit this host should have, from its schedule or from the global units that apply to it. */
public record DesiredUnit(String name, UnitFile body, DesiredState state) {
    public DesiredUnit {
        if (state == DesiredState.INACTIVE) {
            throw new IllegalArgumentException(name + ": an inactive unit is not desired on any host");
        }
    }

    public UnitHash hash() {
        return body.hash();
    }
}
