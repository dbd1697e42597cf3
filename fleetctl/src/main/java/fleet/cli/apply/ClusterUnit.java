package fleet.cli.apply;

import fleet.constraint.ParsedUnit;
import fleet.schema.UnitEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.cli.api.UnitEntities;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.util.Set;

/**
 * A unit as the cluster holds it: what planning needs of the API's {@link UnitEntity}, whether
 * systemd reports it {@code failed} on a machine, and with which bodies (hashes) it is failed; a
 * global unit's rollout under way, or null.
 */
public record ClusterUnit(String name, UnitFile stored, String desiredState, boolean failed,
        UnitRolloutEntity rollout, Set<String> failedHashes) {

    public ClusterUnit {
        failedHashes = Set.copyOf(failedHashes);
    }

    public ClusterUnit(String name, UnitFile stored, String desiredState, boolean failed) {
        this(name, stored, desiredState, failed, null, Set.of());
    }

    public static ClusterUnit of(UnitEntity u, Set<String> failedHashes) {
        return new ClusterUnit(u.name(), UnitEntities.file(u), u.desiredState(), !failedHashes.isEmpty(),
                u.rollout(), failedHashes);
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
