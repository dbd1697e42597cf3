package fleet.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The scheduler's input: live machines and all units, as read at one registry revision. */
public record ClusterSnapshot(List<Machine> machines, List<Unit> units) {

    public ClusterSnapshot {
        machines = List.copyOf(machines);
        units = List.copyOf(units);
        Set<String> ids = new HashSet<>();
        for (Machine m : machines) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("machine " + m.id() + " appears twice in the snapshot");
            }
        }
        Set<String> names = new HashSet<>();
        for (Unit u : units) {
            if (!names.add(u.name())) {
                throw new IllegalArgumentException("unit " + u.name() + " appears twice in the snapshot");
            }
        }
    }

    /** This snapshot after the plan's places and unschedules, as the engine would write them. */
    public ClusterSnapshot apply(Plan plan) {
        Map<String, Optional<String>> targets = new HashMap<>();
        for (Decision d : plan.decisions()) {
            if (d instanceof Decision.Place p) {
                targets.put(p.unit(), Optional.of(p.machine()));
            } else if (d instanceof Decision.Unschedule u) {
                targets.put(u.unit(), Optional.empty());
            }
        }
        List<Unit> next = new ArrayList<>(units.size());
        for (Unit u : units) {
            Optional<String> t = targets.get(u.name());
            next.add(t == null ? u : u.withTarget(t));
        }
        return new ClusterSnapshot(machines, next);
    }
}
