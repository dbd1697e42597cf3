package fleet.registry;

import java.util.List;

/**
 * The whole cluster at one etcd revision, as a read-only view shows it: units, placements, reasons
 * and machines ({@link #snapshot()}), every unit state, and the machine whose engine leads ({@code ""}
 * when none does).
 */
public record ClusterPicture(RegistrySnapshot snapshot, List<UnitStateRecord> states, String leader) {
    public ClusterPicture {
        states = List.copyOf(states);
        leader = leader == null ? "" : leader;
    }

    public long revision() {
        return snapshot.revision();
    }
}
