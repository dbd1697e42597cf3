package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.ConflictsConstraint;
import fleet.constraint.MachineIdConstraint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The working copy of the cluster during one planning pass: which machine runs what, kept in the
 * strategy's order. Every change goes through {@link #place} and {@link #unschedule} so that the
 * indexes and the order stay true, and later decisions in the pass see earlier ones.
 */
final class ClusterState {
    final Map<String, Unit> units = new HashMap<>();
    final List<MachineSlot> slots = new ArrayList<>();
    final MachineClasses classes = new MachineClasses();
    final SlotOrder order;
    private final Map<String, MachineSlot> byId = new HashMap<>();
    private final Map<String, List<MachineSlot>> byShortId = new HashMap<>();
    private final Map<String, MachineSlot> placement = new HashMap<>();
    private final List<Unit> globals;
    private final ConflictsConstraint conflicts = new ConflictsConstraint();

    ClusterState(ClusterSnapshot snapshot, Strategy strategy) {
        Set<String> patterns = new LinkedHashSet<>();
        for (Unit u : snapshot.units()) {
            units.put(u.name(), u);
            patterns.addAll(u.requirements().conflicts());
            patterns.addAll(u.requirements().replaces());
        }
        PatternIndex index = new PatternIndex(patterns);
        List<Machine> machines = new ArrayList<>(snapshot.machines());
        machines.sort(Comparator.comparing(Machine::id));
        for (Machine m : machines) {
            MachineSlot s = new MachineSlot(m, classes.classOf(m.metadata()), index);
            slots.add(s);
            classes.addMember(s);
            byId.put(m.id(), s);
            byShortId.computeIfAbsent(MachineIdConstraint.shortId(m.id()), k -> new ArrayList<>()).add(s);
        }
        this.order = new SlotOrder(strategy, classes.count());
        // fleet's AgentState: scheduled units first, then the global units each machine accepts.
        for (Unit u : snapshot.units()) {
            MachineSlot s = u.target().map(byId::get).orElse(null);
            if (s != null && !u.global() && u.desired() != DesiredState.INACTIVE) {
                s.add(u);
                placement.put(u.name(), s);
            }
        }
        this.globals = snapshot.units().stream()
                .filter(u -> u.global() && u.desired() != DesiredState.INACTIVE)
                .sorted(Comparator.comparing(Unit::name)).toList();
        for (MachineSlot s : slots) {
            addGlobals(s);
            order.file(s);
        }
    }

    Optional<MachineSlot> machine(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Machines a MachineID requirement names: by full ID, or by the 8-character short ID. */
    List<MachineSlot> machinesWithId(String required) {
        MachineSlot full = byId.get(required);
        if (full != null) {
            return List.of(full);
        }
        return byShortId.getOrDefault(required, List.of());
    }

    Optional<MachineSlot> placementOf(String unit) {
        return Optional.ofNullable(placement.get(unit));
    }

    boolean isPlaced(String unit) {
        return placement.containsKey(unit);
    }

    void place(Unit u, MachineSlot s) {
        order.unfile(s);
        s.add(u);
        placement.put(u.name(), s);
        order.file(s);
    }

    /**
     * Takes the unit off its machine; the global units that machine accepts are decided again.
     * Returns whether they changed (then the other units there need checking again).
     */
    boolean unschedule(Unit u) {
        MachineSlot s = placement.remove(u.name());
        if (s == null) {
            return false;
        }
        order.unfile(s);
        s.remove(u);
        boolean changed = false;
        if (!globals.isEmpty()) {
            List<String> before = new ArrayList<>();
            for (Unit g : globals) {
                if (s.runs(g.name())) {
                    before.add(g.name());
                }
                s.remove(g);
            }
            addGlobals(s);
            changed = !before.equals(globals.stream().map(Unit::name).filter(s::runs).toList());
        }
        order.file(s);
        return changed;
    }

    /** Global units in name order, each if its metadata matches and nothing accepted conflicts. */
    private void addGlobals(MachineSlot s) {
        for (Unit g : globals) {
            if (classes.accepts(g.requirements().metadata(), s.metadataClass)
                    && conflicts.check(g.candidate(), s).isEmpty()) {
                s.add(g);
            }
        }
    }

    /** Units placed on the machine, non-global, by name. */
    List<Unit> placedOn(MachineSlot s) {
        TreeMap<String, Unit> out = new TreeMap<>();
        for (Unit u : s.units()) {
            if (!u.global()) {
                out.put(u.name(), u);
            }
        }
        return List.copyOf(out.values());
    }
}
