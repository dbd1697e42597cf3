package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.Glob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deliberately naive re-statement of the placement rules, written apart from the scheduler's
 * indexes, to check the scheduler's results against: plain loops over plain lists.
 */
final class PlacementOracle {
    private final ClusterSnapshot snapshot;

    PlacementOracle(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** The units a machine runs: non-global units targeted there, then the global units it accepts. */
    List<Unit> hosted(Machine m) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : snapshot.units()) {
            if (!u.global() && u.desired() != DesiredState.INACTIVE && u.target().equals(Optional.of(m.id()))) {
                out.add(u);
            }
        }
        List<Unit> globals = new ArrayList<>(snapshot.units().stream()
                .filter(u -> u.global() && u.desired() != DesiredState.INACTIVE).toList());
        globals.sort(Comparator.comparing(Unit::name));
        for (Unit g : globals) {
            if (metadataOk(g, m) && !conflict(g, out)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Why {@code u} may not run on {@code m} next to {@code others}, or empty if it may. */
    Optional<String> violation(Unit u, Machine m, List<Unit> others) {
        Optional<String> id = u.requirements().machineId();
        if (id.isPresent() && !id.get().equals(m.id())
                && !(m.id().length() >= 8 && id.get().equals(m.id().substring(0, 8)))) {
            return Optional.of("MachineID");
        }
        if (!metadataOk(u, m)) {
            return Optional.of("metadata");
        }
        for (String peer : u.requirements().machineOf()) {
            if (others.stream().noneMatch(o -> o.name().equals(peer))) {
                return Optional.of("MachineOf " + peer);
            }
        }
        if (conflict(u, others)) {
            return Optional.of("conflict");
        }
        for (Unit o : others) {
            if (anyMatch(o.requirements().replaces(), u.name()) && !anyMatch(u.requirements().replaces(), o.name())) {
                return Optional.of("replaced by " + o.name());
            }
        }
        long mem = m.reserved().memoryBytes() + u.requests().memoryBytes();
        long cpu = m.reserved().cpuMillis() + u.requests().cpuMillis();
        for (Unit o : others) {
            mem += o.requests().memoryBytes();
            cpu += o.requests().cpuMillis();
        }
        if ((u.requests().memoryBytes() > 0 && mem > m.capacity().memoryBytes())
                || (u.requests().cpuMillis() > 0 && cpu > m.capacity().cpuMillis())) {
            return Optional.of("capacity");
        }
        return Optional.empty();
    }

    private static boolean metadataOk(Unit u, Machine m) {
        for (Map.Entry<String, Set<String>> e : u.requirements().metadata().entrySet()) {
            String has = m.metadata().get(e.getKey());
            if (has == null || !e.getValue().contains(has)) {
                return false;
            }
        }
        return true;
    }

    private static boolean conflict(Unit u, List<Unit> others) {
        for (Unit o : others) {
            if (!o.name().equals(u.name()) && (anyMatch(u.requirements().conflicts(), o.name())
                    || anyMatch(o.requirements().conflicts(), u.name()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatch(List<String> patterns, String name) {
        return patterns.stream().anyMatch(p -> Glob.matches(p, name));
    }
}
