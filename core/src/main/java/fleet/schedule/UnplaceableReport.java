package fleet.schedule;

import fleet.constraint.Constraints;
import fleet.constraint.Veto;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Why a unit fits nowhere: every checker run against every machine, the first veto kept per
 * machine. Only computed for units that could not be placed, so its cost is off the fast path.
 */
final class UnplaceableReport {
    /** Machines named in the summary; the full list is in the decision's map. */
    private static final int SUMMARY_MACHINES = 10;

    private UnplaceableReport() {
    }

    static Decision.Unplaceable of(Unit u, ClusterState state, Constraints constraints, String cause) {
        Map<String, String> reasons = new TreeMap<>();
        for (MachineSlot s : state.slots) {
            Optional<Veto> veto = constraints.firstVeto(u.candidate(), s);
            veto.ifPresent(v -> reasons.put(s.id(), v.reason()));
        }
        return new Decision.Unplaceable(u.name(), reasons, summary(state, reasons, cause));
    }

    private static String summary(ClusterState state, Map<String, String> reasons, String cause) {
        if (state.slots.isEmpty()) {
            return cause == null ? "no machines" : cause + "; no machines";
        }
        StringBuilder sb = new StringBuilder(cause == null ? "" : cause + "; ");
        int shown = 0;
        for (Map.Entry<String, String> e : reasons.entrySet()) {
            if (shown == SUMMARY_MACHINES) {
                sb.append("; and ").append(reasons.size() - shown).append(" more machines");
                break;
            }
            if (shown > 0) {
                sb.append("; ");
            }
            sb.append(e.getKey()).append(": ").append(e.getValue());
            shown++;
        }
        return sb.toString();
    }
}
