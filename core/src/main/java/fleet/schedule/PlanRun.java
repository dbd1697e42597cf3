package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.Constraints;
import fleet.constraint.Glob;
import fleet.constraint.Veto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One planning pass, fleet's two phases. Phase 1 takes off every scheduled unit that should no
 * longer be where it is; phase 2 places every unit that should run and is on no machine. The
 * pass works on a private {@link ClusterState}; the snapshot is never changed.
 */
final class PlanRun {
    private final ClusterState state;
    private final Constraints constraints;
    private final Placer placer;
    private final List<Decision> changes = new ArrayList<>();
    private final Map<String, Decision.Unplaceable> unplaceable = new LinkedHashMap<>();
    /** units taken off in this pass: they wait for a machine in phase 2 */
    private final Set<String> takenOff = new HashSet<>();
    private final Consumer<Decision> taken;
    private boolean unscheduledSinceUnplaceable;

    PlanRun(ClusterState state, Strategy strategy, long seed) {
        this(state, strategy, seed, d -> { });
    }

    /** @param taken told each place and unschedule as it is decided, before the pass goes on */
    PlanRun(ClusterState state, Strategy strategy, long seed, Consumer<Decision> taken) {
        this.state = state;
        this.taken = taken;
        this.constraints = new Constraints(unit -> state.placementOf(unit).map(MachineSlot::id));
        this.placer = new Placer(state, constraints, strategy, new SplittableRandom(seed));
    }

    /** Both phases over every unit of the state. */
    Plan run() {
        return run(new TreeSet<>(state.units.keySet()), Set.of());
    }

    /**
     * Both phases over the named units: phase 1 checks those of them with a target (and what
     * unscheduling them affects), phase 2 places those of them, and of {@code waiting}, that should
     * run and are on no machine. A unit left out must be one whose check would find nothing to do.
     */
    Plan run(SortedSet<String> candidates, Set<String> waiting) {
        Deque<Unit> recheck = new ArrayDeque<>();
        for (String name : candidates) {
            Unit u = state.units.get(name);
            if (u != null && u.target().isPresent()) {
                phaseOne(u, recheck);
            }
        }
        revalidate(recheck);
        TreeSet<String> names = new TreeSet<>(candidates);
        names.addAll(waiting);
        names.addAll(takenOff);
        List<Unit> pending = new ArrayList<>();
        for (String name : names) {
            Unit u = state.units.get(name);
            if (u != null && !u.global() && u.desired() != DesiredState.INACTIVE && !state.isPlaced(name)) {
                pending.add(u);
            }
        }
        unscheduledSinceUnplaceable = false;
        placeAll(pending);
        for (int round = 0; unscheduledSinceUnplaceable && !unplaceable.isEmpty() && round < state.units.size(); round++) {
            // Room was freed after some unit was found unplaceable: try those again.
            unscheduledSinceUnplaceable = false;
            List<Unit> retry = unplaceable.keySet().stream().map(state.units::get).toList();
            unplaceable.clear();
            placeAll(retry);
        }
        List<Decision> all = new ArrayList<>(changes);
        all.addAll(unplaceable.values());
        return new Plan(all);
    }

    private void phaseOne(Unit u, Deque<Unit> recheck) {
        String target = u.target().get();
        if (u.global()) {
            take(new Decision.Unschedule(u.name(), target, "global units are not placed by the engine"));
        } else if (u.desired() == DesiredState.INACTIVE) {
            take(new Decision.Unschedule(u.name(), target, "desired state is inactive"));
        } else if (state.machine(target).isEmpty()) {
            take(new Decision.Unschedule(u.name(), target, "machine " + target + " went away"));
            recheck.addAll(followersOf(u));
        } else {
            recheck.add(u);
        }
    }

    /**
     * Checks placed units against their machine (without themselves on it) and takes off those
     * vetoed; the followers of a unit taken off, and the units of a machine whose global units
     * changed, are checked in turn. Returns the units taken off.
     */
    private List<Unit> revalidate(Deque<Unit> queue) {
        List<Unit> off = new ArrayList<>();
        while (!queue.isEmpty()) {
            Unit u = queue.poll();
            Optional<MachineSlot> at = state.placementOf(u.name());
            if (at.isEmpty()) {
                continue;
            }
            MachineSlot s = at.get();
            s.remove(u);
            Optional<Veto> veto = constraints.firstVeto(u.candidate(), s);
            s.add(u);
            if (veto.isPresent() && staysForWantOfAnotherMachine(u, s, veto.get())) {
                continue;
            }
            if (veto.isPresent()) {
                off.add(u);
                queue.addAll(followersOf(u));
                if (unschedule(u, s, "no longer fits: " + veto.get().reason())) {
                    queue.addAll(state.placedOn(s));
                }
            }
        }
        return off;
    }

    /**
     * A unit vetoed on its machine only by its recent failures there stays when no other machine
     * fits: moving it would leave it on none (the engine gives it that as its reason).
     */
    private boolean staysForWantOfAnotherMachine(Unit u, MachineSlot s, Veto veto) {
        return veto.reason().equals(u.avoid().get(s.id())) && placer.choose(u).isEmpty();
    }

    /** Returns whether the global units of the machine changed. */
    private boolean unschedule(Unit u, MachineSlot s, String reason) {
        take(new Decision.Unschedule(u.name(), s.id(), reason));
        takenOff.add(u.name());
        unscheduledSinceUnplaceable = true;
        return state.unschedule(u);
    }

    private void take(Decision d) {
        changes.add(d);
        taken.accept(d);
    }

    private List<Unit> followersOf(Unit u) {
        return state.followersOf(u.name()).stream().map(state.units::get).toList();
    }

    private void placeAll(List<Unit> pending) {
        Deque<Unit> queue = new ArrayDeque<>();
        enqueue(pending, queue);
        while (!queue.isEmpty()) {
            Unit u = queue.poll();
            if (state.isPlaced(u.name()) || unplaceable.containsKey(u.name())) {
                continue;
            }
            Optional<Placer.Choice> choice = placer.choose(u);
            if (choice.isEmpty()) {
                unplaceable.put(u.name(), UnplaceableReport.of(u, state, constraints, null));
                continue;
            }
            MachineSlot s = choice.get().slot();
            state.place(u, s);
            take(new Decision.Place(u.name(), s.id(), choice.get().reason()));
            if (!u.requirements().replaces().isEmpty()) {
                enqueue(displace(u, s), queue);
            }
        }
    }

    /** Appends units leaders first; those in or behind a MachineOf cycle are unplaceable. */
    private void enqueue(List<Unit> units, Deque<Unit> queue) {
        MachineOfOrder order = new MachineOfOrder(units);
        order.blocked.forEach((name, cycle) -> unplaceable.put(name,
                UnplaceableReport.of(state.units.get(name), state, constraints, cycle)));
        queue.addAll(order.ordered);
    }

    /** Units on {@code s} that {@code u} replaces are taken off, with what depended on them. */
    private List<Unit> displace(Unit u, MachineSlot s) {
        List<Unit> off = new ArrayList<>();
        Deque<Unit> recheck = new ArrayDeque<>();
        for (Unit other : state.placedOn(s)) {
            if (other != u && matchesAny(u.requirements().replaces(), other.name())
                    && !matchesAny(other.requirements().replaces(), u.name())) {
                if (unschedule(other, s, "replaced by " + u.name())) {
                    recheck.addAll(state.placedOn(s));
                }
                off.add(other);
                recheck.addAll(followersOf(other));
            }
        }
        off.addAll(revalidate(recheck));
        return off;
    }

    private static boolean matchesAny(List<String> patterns, String name) {
        for (String p : patterns) {
            if (Glob.matches(p, name)) {
                return true;
            }
        }
        return false;
    }
}
