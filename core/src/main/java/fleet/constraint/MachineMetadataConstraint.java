package fleet.constraint;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code MachineMetadata=key=value}: the machine must have every required key, with one of the
 * values given for it (AND across keys, OR within a key), compared as exact strings.
 */
public final class MachineMetadataConstraint implements Constraint {

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        return check(unit.requirements().metadata(), host.metadata());
    }

    /** The same check on plain maps, so that machines with equal metadata can share the answer. */
    public static Optional<Veto> check(Map<String, Set<String>> required, Map<String, String> metadata) {
        if (required.isEmpty()) {
            return Optional.empty();
        }
        // Sorted so that the first failing key, and so the reason, does not depend on map order.
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(required).entrySet()) {
            String has = metadata.get(e.getKey());
            if (has == null || !e.getValue().contains(has)) {
                String wanted = e.getKey() + "=" + String.join("|", new TreeSet<>(e.getValue()));
                String actual = has == null ? "no " + e.getKey() : e.getKey() + "=" + has;
                return Optional.of(Veto.of("requires " + wanted + ", has " + actual));
            }
        }
        return Optional.empty();
    }
}
