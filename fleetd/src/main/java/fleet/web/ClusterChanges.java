package fleet.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import fleet.web.ClusterView.MachineRow;
import fleet.web.ClusterView.Placement;
import fleet.web.ClusterView.UnitRow;

/**
 * The events between two views of the cluster: machines joining and leaving, a new leader, units
 * submitted and destroyed, placements (placed, moved, unplaced with the engine's reason) and state
 * changes per machine. Pure: the time is handed in.
 */
public final class ClusterChanges {
    private final ClusterView before;
    private final ClusterView after;
    private final long at;
    private final List<ViewEvent> out = new ArrayList<>();
    private final Map<String, String> ips = new HashMap<>();

    private ClusterChanges(ClusterView before, ClusterView after, long at) {
        this.before = before;
        this.after = after;
        this.at = at;
    }

    /** What changed from {@code before} to {@code after}, seen at {@code at} (epoch ms); none for a first view. */
    public static List<ViewEvent> between(ClusterView before, ClusterView after, long at) {
        if (before == null) {
            return List.of();
        }
        ClusterChanges c = new ClusterChanges(before, after, at);
        c.machines();
        c.leader();
        c.units();
        return c.out;
    }

    private void machines() {
        Map<String, MachineRow> was = byKey(before.machines(), MachineRow::id);
        Map<String, MachineRow> is = byKey(after.machines(), MachineRow::id);
        for (String id : union(was.keySet(), is.keySet())) {
            if (!was.containsKey(id)) {
                add("machine", id, "machine " + label(id) + " joined");
            } else if (!is.containsKey(id)) {
                add("machine", id, "machine " + label(id) + " left");
            }
        }
    }

    private void leader() {
        if (!before.leader().equals(after.leader())) {
            add("leader", after.leader(), after.leader().isEmpty() ? "no engine leader"
                    : "engine leader is now " + label(after.leader()));
        }
    }

    private void units() {
        Map<String, UnitRow> was = byKey(before.units(), UnitRow::name);
        for (UnitRow now : after.units()) {
            UnitRow old = was.remove(now.name());
            if (!now.equals(old)) { // most units, most of the time, are as they were
                unit(old, now);
            }
        }
        for (UnitRow gone : was.values()) {
            add("unit", gone.name(), gone.name() + " destroyed");
        }
    }

    private void unit(UnitRow old, UnitRow now) {
        String name = now.name();
        if (old == null) {
            add("unit", name, name + " submitted (desired " + now.desired() + ")");
            old = new UnitRow(name, now.desired(), now.global(), List.of(), "", Map.of());
        } else if (!old.desired().equals(now.desired())) {
            add("unit", name, name + " desired " + old.desired() + " → " + now.desired());
        }
        if (!now.global()) {
            placement(old, now);
        }
        states(old, now);
    }

    private void placement(UnitRow old, UnitRow now) {
        String from = machineOf(old);
        String to = machineOf(now);
        String name = now.name();
        if (!from.equals(to)) {
            if (from.isEmpty()) {
                add("placement", name, name + " placed on " + label(to));
            } else if (to.isEmpty()) {
                add("placement", name, name + " unplaced from " + label(from));
            } else {
                add("placement", name, name + " moved from " + label(from) + " to " + label(to));
            }
        }
        if (!now.reason().isEmpty() && !now.reason().equals(old.reason())) {
            add("placement", name, name + " cannot be placed: " + now.reason());
        }
    }

    private void states(UnitRow old, UnitRow now) {
        Map<String, Placement> was = byKey(old.placements(), Placement::machine);
        for (Placement p : now.placements()) {
            Placement o = was.get(p.machine());
            String state = p.active() + "/" + p.sub();
            String oldState = o == null ? "-/-" : o.active() + "/" + o.sub();
            if (!state.equals(oldState) && !state.equals("-/-")) {
                add("state", now.name(), now.name() + " on " + label(p.machine()) + ": " + oldState + " → " + state);
            }
        }
    }

    private static String machineOf(UnitRow u) {
        return u.placements().isEmpty() ? "" : u.placements().get(0).machine();
    }

    /** fleetctl's short form: the ID's first 8 characters and the public IP, when known. */
    private String label(String id) {
        String ip = ips.computeIfAbsent(id, i -> after.machine(i).or(() -> before.machine(i)).map(MachineRow::publicIP)
                .orElse(""));
        String shortId = id.length() > 8 ? id.substring(0, 8) : id;
        return ip.isEmpty() ? shortId : shortId + "/" + ip;
    }

    private void add(String kind, String subject, String text) {
        out.add(new ViewEvent(at, kind, subject, text));
    }

    private static <T> Map<String, T> byKey(List<T> rows, Function<T, String> key) {
        Map<String, T> out = new HashMap<>(rows.size() * 2);
        for (T row : rows) {
            out.putIfAbsent(key.apply(row), row);
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
