package fleet.cli.apply;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.UnitFile;

/** A unit as the cluster holds it: what planning needs of the API's {@link UnitEntity}. */
public record ClusterUnit(String name, UnitFile stored, String desiredState, boolean global) {
    public static ClusterUnit of(UnitEntity u) {
        return new ClusterUnit(u.name(), UnitEntities.file(u), u.desiredState(), UnitEntities.isGlobal(u));
    }

    public UnitFile body() {
        return ApplyKeys.withoutApplyKeys(stored);
    }

    public boolean ownedBy(String set) {
        return ApplyKeys.applySet(stored).map(set::equals).orElse(false);
    }
}
