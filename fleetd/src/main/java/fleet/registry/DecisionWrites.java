package fleet.registry;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link PlacementOp} means in keys, written once: {@link DecisionWriter} commits these
 * writes (as JSON), and the engine's view applies the same writes to itself once they committed,
 * taking their values as they are, with no JSON in between. Pure.
 */
final class DecisionWrites {
    private DecisionWrites() {}

    /**
     * One key's new value, or its deletion ({@code value == null}): a {@link ScheduleRecord} under
     * {@code schedule/}, the machine ID under {@code placement/}, {@link UnitReasons} under {@code reasons/}.
     */
    record KeyWrite(String key, Object value) {
        /** The value as stored in etcd; null for a deletion. */
        String json() {
            return value == null ? null : RegistryJson.write(value);
        }
    }

    /** The units {@code ops} place; placing one twice in one call is refused. */
    static Set<String> placedUnits(List<PlacementOp> ops) {
        Set<String> placed = new HashSet<>();
        for (PlacementOp op : ops) {
            if (op instanceof PlacementOp.Place p && !placed.add(p.unit())) {
                throw new IllegalArgumentException("unit " + p.unit() + " is placed twice in one call");
            }
        }
        return placed;
    }

    /**
     * The writes of one op, by key. A unit unscheduled from one machine and placed on another in the
     * same call keeps its {@code placement/} key: the place writes it.
     */
    static Map<String, KeyWrite> of(PlacementOp op, Set<String> placedInThisCall) {
        Map<String, KeyWrite> out = new LinkedHashMap<>(4);
        if (op instanceof PlacementOp.Place p) {
            put(out, EtcdKeys.schedule(p.machineId(), p.unit()), new ScheduleRecord(p.unit(), p.hash(), p.desiredState()));
            put(out, EtcdKeys.placement(p.unit()), p.machineId());
        } else if (op instanceof PlacementOp.Unschedule u) {
            put(out, EtcdKeys.schedule(u.machineId(), u.unit()), null);
            if (!placedInThisCall.contains(u.unit())) {
                put(out, EtcdKeys.placement(u.unit()), null);
            }
        } else if (op instanceof PlacementOp.SetReasons s) {
            put(out, EtcdKeys.reasons(s.unit()), s.reasons());
        } else if (op instanceof PlacementOp.RecordMove m) {
            put(out, EtcdKeys.move(m.unit()), m.move());
        } else if (op instanceof PlacementOp.ClearReasons c) {
            put(out, EtcdKeys.reasons(c.unit()), null);
        }
        return out;
    }

    private static void put(Map<String, KeyWrite> out, String key, Object value) {
        out.put(key, new KeyWrite(key, value));
    }
}
