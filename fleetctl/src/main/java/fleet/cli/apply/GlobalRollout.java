package fleet.cli.apply;

import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitStateEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps of a global unit's rolling update, decided from what the cluster holds: the rollout
 * stored for the unit (if any) and where the unit runs now. Pure.
 *
 * <p>A rollout to the same body resumes: its order is kept (machines that joined since go last) and
 * the machines that already took the new body are not moved again; those of them not yet active on
 * it are waited for first. A rollout to another body (the previous one failed and the file was fixed)
 * starts over: the machines the previous one had moved go first, since they went back to the
 * committed body when it was replaced.
 *
 * @param order   every machine, in the order it takes the new body
 * @param taken   the machines already allowed to run it, when this plan was made
 * @param waiting the taken machines not yet seen active on it (waited for before the first step)
 * @param steps   the machines to move, {@code maxParallel} a step
 */
public record GlobalRollout(String unit, String hash, List<String> order, List<String> taken, List<String> waiting,
        List<List<String>> steps, int maxParallel) {

    public GlobalRollout {
        order = List.copyOf(order);
        taken = List.copyOf(taken);
        waiting = List.copyOf(waiting);
        steps = steps.stream().map(List::copyOf).toList();
    }

    /**
     * @param hash    the new body's hash, as stored (apply's keys included)
     * @param current the rollout the cluster holds for the unit, or null
     * @param states  the unit's states, one per machine that runs it
     */
    public static GlobalRollout plan(String unit, String hash, UnitRolloutEntity current, List<UnitStateEntity> states,
            int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be 1 or more, got " + maxParallel);
        }
        List<String> running = states.stream().map(UnitStateEntity::machineID).distinct()
                .sorted(Comparator.naturalOrder()).toList();
        boolean resuming = current != null && hash.equals(current.hash());
        Set<String> order = new LinkedHashSet<>();
        List<String> taken = new ArrayList<>();
        if (resuming) {
            order.addAll(current.order());
            taken.addAll(current.machines());
        } else if (current != null) {
            current.machines().stream().filter(running::contains).forEach(order::add);
        }
        order.addAll(running);
        List<String> waiting = taken.stream().filter(m -> !activeOn(states, m, hash)).toList();
        List<String> left = order.stream().filter(m -> !taken.contains(m)).toList();
        List<List<String>> steps = new ArrayList<>();
        for (int from = 0; from < left.size(); from += maxParallel) {
            steps.add(left.subList(from, Math.min(left.size(), from + maxParallel)));
        }
        return new GlobalRollout(unit, hash, List.copyOf(order), taken, waiting, steps, maxParallel);
    }

    /** The rollout as stored once {@code allowed} may run the new body. */
    public UnitRolloutEntity record(List<String> allowed) {
        return new UnitRolloutEntity(hash, order, allowed, maxParallel);
    }

    /** The machines of {@code machines} not yet active on the new body. */
    public List<String> notActive(List<UnitStateEntity> states, List<String> machines) {
        return machines.stream().filter(m -> !activeOn(states, m, hash)).toList();
    }

    /** What systemd said on the first of {@code machines} where the new body failed; null if none did. */
    public String failure(List<UnitStateEntity> states, List<String> machines) {
        for (String m : machines) {
            for (UnitStateEntity s : states) {
                if (m.equals(s.machineID()) && hash.equals(s.hash()) && "failed".equals(s.systemdActiveState())) {
                    return m + " (ActiveState=failed, SubState=" + s.systemdSubState() + ")";
                }
            }
        }
        return null;
    }

    private static boolean activeOn(List<UnitStateEntity> states, String machine, String hash) {
        return states.stream().anyMatch(s -> machine.equals(s.machineID()) && hash.equals(s.hash())
                && "active".equals(s.systemdActiveState()));
    }
}
