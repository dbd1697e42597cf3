package fleet.registry;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/** A unit as the registry holds it: its record and the body its hash points to. */
public record StoredUnit(UnitRecord record, UnitFile file) {
    public String name() {
        return record.name();
    }

    public UnitHash hash() {
        return record.hash();
    }

    public DesiredState desiredState() {
        return record.desiredState();
    }

    public boolean global() {
        return record.global();
    }
}
