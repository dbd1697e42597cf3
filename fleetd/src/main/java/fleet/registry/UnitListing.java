package fleet.registry;

import java.util.List;

/** All units read at one etcd revision, in name order. */
public record UnitListing(long revision, List<StoredUnit> units) {
    public UnitListing {
        units = List.copyOf(units);
    }
}
