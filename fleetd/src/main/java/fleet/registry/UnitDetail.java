package fleet.registry;

import java.util.List;

/**
 * One unit and what the API shows beside it, all read at one etcd revision.
 *
 * @param placement the machine {@code placement/<unit>} names, or null when not placed
 * @param states    the states every machine publishes for the unit
 * @param reasons   the engine's reasons for not placing it, or null
 */
public record UnitDetail(long revision, StoredUnit unit, String placement, List<UnitStateRecord> states,
        UnitReasons reasons) {
    public UnitDetail {
        states = List.copyOf(states);
    }
}
