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
import java.util.TreeSet;

/**
 * The working copy of the cluster during one planning pass: which machine runs what, kept in the
 * strategy's order. Every change goes through {@link #place} and {@link #unschedule} so that the
 * indexes and the order stay true, and later decisions in the pass see earlier ones.
 *
 * <p>After a pass it holds the snapshot with the plan applied; {@link #replace} brings it to the
 * next snapshot unit by unit, so that a pass after a small change need not build it again.
 */
final class ClusterState {
    /** By name; between passes, each with the target the last plan gave it. */
    final Map<String, Unit> units = new HashMap<>();
    /** Units by the MachineOf targets they name, in name order. */
    private final Map<String, TreeSet<String>> followers = new HashMap<>();
    final List<MachineSlot> slots = new ArrayList<>();
    final MachineClasses classes = new MachineClasses();
    final SlotOrder order;
    private final Map<String, MachineSlot> byId = new HashMap<>();
    private final Map<String, List<MachineSlot>> byShortId = new HashMap<>();
    private final Map<String, MachineSlot> placement = new HashMap<>();
    private final List<Unit> globals;
    private final ConflictsConstraint conflicts = new ConflictsConstraint();
    private final PatternIndex index;

    ClusterState(ClusterSnapshot snapshot, Strategy strategy) {
        Set<String> patterns = new LinkedHashSet<>();
        for (Unit u : snapshot.units()) {
            units.put(u.name(), u);
            addFollower(u);
            patterns.addAll(u.requirements().conflicts());
            patterns.addAll(u.requirements().replaces());
        }
        this.index = new PatternIndex(patterns);
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

    /** Whether these are the machines the state was built for (in any order). */
    boolean hasMachines(List<Machine> machines) {
        if (machines.size() != slots.size()) {
            return false;
        }
        for (Machine m : machines) {
            MachineSlot s = byId.get(m.id());
            if (s == null || !s.machine.equals(m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@link #replace} can take this unit change: it neither is nor was a global unit that
     * runs (those are decided on every machine) and it declares no Conflicts/Replaces pattern the
     * slots' indexes were not built with.
     */
    boolean canReplace(Unit old, Unit now) {
        return !runsGlobally(old) && !runsGlobally(now) && (now == null || knowsPatternsOf(now));
    }

    private static boolean runsGlobally(Unit u) {
        return u != null && u.global() && u.desired() != DesiredState.INACTIVE;
    }

    private boolean knowsPatternsOf(Unit u) {
        for (String p : u.requirements().conflicts()) {
            if (!index.knows(p)) {
                return false;
            }
        }
        for (String p : u.requirements().replaces()) {
            if (!index.knows(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts {@code now} (null: the unit is gone) in place of the state's version of the same unit,
     * placed as its target says, as a fresh state built from the snapshot would hold it. Returns
     * the machines whose units changed.
     */
    List<MachineSlot> replace(String name, Unit now) {
        List<MachineSlot> touched = new ArrayList<>(2);
        Unit old = units.remove(name);
        if (old != null) {
            removeFollower(old);
            MachineSlot s = placement.remove(name);
            if (s != null) {
                order.unfile(s);
                s.remove(old);
                touched.add(s);
            }
        }
        if (now != null) {
            units.put(name, now);
            addFollower(now);
            MachineSlot s = now.target().map(byId::get).orElse(null);
            if (s != null && !now.global() && now.desired() != DesiredState.INACTIVE) {
                if (!touched.contains(s)) {
                    order.unfile(s);
                    touched.add(s);
                }
                s.add(now);
                placement.put(name, s);
            }
        }
        for (MachineSlot s : touched) {
            resetGlobals(s);
            order.file(s);
        }
        if (now == null) {
            index.forget(name);
        }
        return touched;
    }

    /** The plan's places and unschedules become the units' targets, as {@link ClusterSnapshot#apply} does. */
    void remember(Plan plan) {
        for (Decision d : plan.decisions()) {
            if (d instanceof Decision.Place p) {
                units.computeIfPresent(p.unit(), (n, u) -> u.withTarget(Optional.of(p.machine())));
                settleGlobals(byId.get(p.machine()));
            } else if (d instanceof Decision.Unschedule un) {
                units.computeIfPresent(un.unit(), (n, u) -> u.withTarget(Optional.empty()));
            }
        }
    }

    /** Units naming {@code leader} in MachineOf, in name order. */
    Set<String> followersOf(String leader) {
        return followers.getOrDefault(leader, EMPTY);
    }

    private static final TreeSet<String> EMPTY = new TreeSet<>();

    private void addFollower(Unit u) {
        for (String leader : u.requirements().machineOf()) {
            followers.computeIfAbsent(leader, k -> new TreeSet<>()).add(u.name());
        }
    }

    private void removeFollower(Unit u) {
        for (String leader : u.requirements().machineOf()) {
            TreeSet<String> names = followers.get(leader);
            if (names != null && names.remove(u.name()) && names.isEmpty()) {
                followers.remove(leader);
            }
        }
    }

    /** A place adds its unit after the globals; a fresh state adds the globals last: make it so. */
    private void settleGlobals(MachineSlot s) {
        if (s != null && !globals.isEmpty()) {
            order.unfile(s);
            resetGlobals(s);
            order.file(s);
        }
    }

    /** The globals of the machine decided again; returns whether they changed. */
    private boolean resetGlobals(MachineSlot s) {
        if (globals.isEmpty()) {
            return false;
        }
        List<String> before = new ArrayList<>();
        for (Unit g : globals) {
            if (s.runs(g.name())) {
                before.add(g.name());
            }
            s.remove(g);
        }
        addGlobals(s);
        return !before.equals(globals.stream().map(Unit::name).filter(s::runs).toList());
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
        boolean changed = resetGlobals(s);
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
