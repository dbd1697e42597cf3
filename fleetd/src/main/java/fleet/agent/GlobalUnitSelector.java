package fleet.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import fleet.constraint.Requirements;

/**
 * Chooses the global units this machine runs (fleet's {@code agent/reconcile.go}): a global unit is
 * accepted when the machine's metadata satisfies its MachineMetadata and it has no conflict, in
 * either direction, with a unit accepted before it. The units the engine scheduled here are accepted
 * first (the engine already counted the globals for conflicts); the globals follow in name order, so
 * of two conflicting globals the alphabetically-first wins on every machine. Pure.
 */
public final class GlobalUnitSelector {
    private GlobalUnitSelector() {}

    /** The globals accepted (in name order) and, for every global refused, why. */
    public record Selection(List<String> accepted, Map<String, String> refused) {
        public Selection {
            accepted = List.copyOf(accepted);
            refused = Map.copyOf(refused);
        }
    }

    public static Selection select(Map<String, String> machineMetadata, Map<String, Requirements> scheduled,
            Map<String, Requirements> globals) {
        Map<String, Requirements> accepted = new LinkedHashMap<>(scheduled);
        List<String> chosen = new ArrayList<>();
        Map<String, String> refused = new TreeMap<>();
        for (Map.Entry<String, Requirements> g : new TreeMap<>(globals).entrySet()) {
            String name = g.getKey();
            Requirements req = g.getValue();
            if (accepted.containsKey(name)) {
                refused.put(name, "a unit of the same name is scheduled here");
            } else if (!req.metadataAllows(machineMetadata)) {
                refused.put(name, "machine metadata " + machineMetadata + " does not match " + req.metadata());
            } else {
                String conflict = firstConflict(name, req, accepted);
                if (conflict != null) {
                    refused.put(name, conflict);
                } else {
                    accepted.put(name, req);
                    chosen.add(name);
                }
            }
        }
        return new Selection(chosen, refused);
    }

    private static String firstConflict(String name, Requirements req, Map<String, Requirements> accepted) {
        for (Map.Entry<String, Requirements> other : accepted.entrySet()) {
            if (req.conflictsWith(other.getKey())) {
                return "conflicts with " + other.getKey() + ", which runs here";
            }
            if (other.getValue().conflictsWith(name)) {
                return other.getKey() + ", which runs here, conflicts with it";
            }
        }
        return null;
    }
}
