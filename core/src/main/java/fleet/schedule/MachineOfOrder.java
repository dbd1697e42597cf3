package fleet.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders units waiting for a machine so that MachineOf targets come before their followers
 * (fleet iterated in map order and placed a follower seen first only on the next pass). Units in a
 * MachineOf cycle, or behind one, can never be placed; they come back with the cycle spelled out.
 */
final class MachineOfOrder {
    final List<Unit> ordered = new ArrayList<>();
    /** unit -> why it cannot be placed ("MachineOf cycle: a -> b -> a") */
    final Map<String, String> blocked = new LinkedHashMap<>();

    MachineOfOrder(List<Unit> pending) {
        if (pending.stream().allMatch(u -> u.requirements().machineOf().isEmpty())) {
            // nothing waits for anything: one level, in name order
            ordered.addAll(pending);
            ordered.sort(Comparator.comparing(Unit::name));
            return;
        }
        Map<String, Unit> byName = new HashMap<>();
        for (Unit u : pending) {
            byName.put(u.name(), u);
        }
        Map<String, List<String>> followers = new HashMap<>();
        Map<String, Integer> waitingOn = new HashMap<>();
        for (Unit u : pending) {
            int n = 0;
            for (String leader : Set.copyOf(u.requirements().machineOf())) {
                if (byName.containsKey(leader) && !leader.equals(u.name())) {
                    followers.computeIfAbsent(leader, k -> new ArrayList<>()).add(u.name());
                    n++;
                }
            }
            waitingOn.put(u.name(), n);
        }
        TreeSet<String> level = new TreeSet<>();
        waitingOn.forEach((name, n) -> {
            if (n == 0) {
                level.add(name);
            }
        });
        // Kahn's algorithm, one level at a time, each level in name order.
        while (!level.isEmpty()) {
            TreeSet<String> next = new TreeSet<>();
            for (String name : level) {
                ordered.add(byName.get(name));
                waitingOn.remove(name);
                for (String f : followers.getOrDefault(name, List.of())) {
                    if (waitingOn.merge(f, -1, Integer::sum) == 0) {
                        next.add(f);
                    }
                }
            }
            level.clear();
            level.addAll(next);
        }
        for (String name : new TreeSet<>(waitingOn.keySet())) {
            blocked.put(name, describeCycle(name, byName, waitingOn.keySet()));
        }
    }

    private static String describeCycle(String start, Map<String, Unit> byName, Set<String> stuck) {
        List<String> path = new ArrayList<>();
        String at = start;
        while (!path.contains(at)) {
            path.add(at);
            at = new TreeSet<>(byName.get(at).requirements().machineOf()).stream()
                    .filter(stuck::contains).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        cycle.add(at);
        String text = "MachineOf cycle: " + String.join(" -> ", cycle);
        return cycle.get(0).equals(start) ? text : "depends on a " + text;
    }
}
