package fleet.cli.apply;

import fleet.constraint.ParsedUnit;
import fleet.schema.UnitEntity;
import fleet.cli.api.UnitEntities;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;

/**
 * A unit as the cluster holds it: what planning needs of the API's {@link UnitEntity}, and whether
 * systemd reports it {@code failed} on a machine.
 */
public record ClusterUnit(String name, UnitFile stored, String desiredState, boolean failed) {
    public static ClusterUnit of(UnitEntity u, boolean failed) {
        return new ClusterUnit(u.name(), UnitEntities.file(u), u.desiredState(), failed);
    }

    public UnitFile body() {
        return ApplyKeys.withoutApplyKeys(stored);
    }

    public boolean ownedBy(String set) {
        return ApplyKeys.applySet(stored).map(set::equals).orElse(false);
    }

    /** Decided as fleetd decides it; computed on demand, since a plan asks only of the units it replaces. */
    public boolean global() {
        return ParsedUnit.of(UnitName.trusted(name), stored).global();
    }
}
