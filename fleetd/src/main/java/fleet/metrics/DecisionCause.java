package fleet.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import fleet.schedule.Decision;

/**
 * A scheduler decision's reason as a label with a few fixed values. The scheduler words its reasons
 * for people (they name units and machines); a metric needs the kind only, so this reads the
 * reason's leading words. {@code DecisionCauseTest} runs the real scheduler, so a reworded reason
 * shows up there as "other".
 */
final class DecisionCause {
    static final String OTHER = "other";
    static final List<String> PLACE = List.of("binpack", "least_loaded", "random", OTHER);
    static final List<String> UNSCHEDULE = List.of("global", "inactive", "machine_lost", "no_longer_fits", "replaced",
            OTHER);
    static final List<String> UNPLACEABLE = List.of("no_machines", "machine_id", "machine_of", "metadata", "conflicts",
            "replaced", "capacity", OTHER);

    private DecisionCause() {
    }

    static String of(Decision d) {
        if (d instanceof Decision.Place p) {
            return ofPlace(p.reason());
        }
        if (d instanceof Decision.Unschedule u) {
            return ofUnschedule(u.reason());
        }
        return ofUnplaceable(((Decision.Unplaceable) d).machines());
    }

    private static String ofPlace(String reason) {
        if (reason.startsWith("fullest machine")) {
            return "binpack";
        }
        if (reason.startsWith("least loaded machine")) {
            return "least_loaded";
        }
        return reason.startsWith("random machine") ? "random" : OTHER;
    }

    private static String ofUnschedule(String reason) {
        if (reason.startsWith("global units")) {
            return "global";
        }
        if (reason.startsWith("desired state is inactive")) {
            return "inactive";
        }
        if (reason.startsWith("machine ") && reason.endsWith(" went away")) {
            return "machine_lost";
        }
        if (reason.startsWith("no longer fits")) {
            return "no_longer_fits";
        }
        return reason.startsWith("replaced by ") ? "replaced" : OTHER;
    }

    /** The veto most machines gave (ties: the first in label order); "no_machines" when there are none. */
    private static String ofUnplaceable(Map<String, String> vetoes) {
        if (vetoes.isEmpty()) {
            return "no_machines";
        }
        Map<String, Integer> counts = new TreeMap<>();
        vetoes.values().forEach(v -> counts.merge(ofVeto(v), 1, Integer::sum));
        String top = OTHER;
        int most = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                top = e.getKey();
                most = e.getValue();
            }
        }
        return top;
    }

    private static String ofVeto(String veto) {
        if (veto.startsWith("machine ID is ")) {
            return "machine_id";
        }
        if (veto.startsWith("MachineOf ")) {
            return "machine_of";
        }
        if (veto.startsWith("requires ")) {
            return "metadata";
        }
        if (veto.startsWith("conflicts with ")) {
            return "conflicts";
        }
        if (veto.startsWith("replaced by ")) {
            return "replaced";
        }
        return veto.startsWith("needs ") ? "capacity" : OTHER;
    }

    /** fleet v1.0's {@code reconcile_failure_count_total} type for a decision, or null when v1.0 counted none. */
    static String v1Failure(Decision d, String cause) {
        if (d instanceof Decision.Unplaceable) {
            return "schedule";
        }
        if (d instanceof Decision.Unschedule) {
            if (cause.equals("machine_lost")) {
                return "machine_away";
            }
            return cause.equals("no_longer_fits") ? "run" : null;
        }
        return null;
    }
}
