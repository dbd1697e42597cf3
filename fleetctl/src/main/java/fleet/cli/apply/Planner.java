package fleet.cli.apply;

import fleet.constraint.ParsedUnit;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides what apply does: the tree's units and the cluster's in, a {@link Plan} with a reason per
 * action out. Pure: no I/O, same input, same plan.
 */
public final class Planner {
    private Planner() {}

    /**
     * @param set   the apply set new and replaced units are marked with, and the one --prune looks at
     * @param prune whether units this set created that the tree no longer has are destroyed
     */
    public static Plan plan(List<LocalUnit> tree, List<ClusterUnit> cluster, String set, boolean prune) {
        Map<String, ClusterUnit> existing = new TreeMap<>();
        cluster.forEach(u -> existing.put(u.name(), u));
        List<Action> actions = new ArrayList<>();
        int unchanged = 0;
        for (LocalUnit local : tree) {
            Action a = decide(local, existing.get(local.name()));
            if (a == null) {
                unchanged++;
            } else {
                actions.add(a);
            }
        }
        if (prune) {
            Set<String> declared = tree.stream().map(LocalUnit::name).collect(Collectors.toSet());
            for (ClusterUnit u : existing.values()) {
                if (!declared.contains(u.name()) && u.ownedBy(set)) {
                    actions.add(new Action(Action.Kind.DESTROY, u.name(), "created by apply (set " + set
                            + ") and no longer in the tree", null, u, null));
                }
            }
        }
        Map<String, String> held = held(tree, existing, actions);
        held.putAll(heldGlobals(actions, set));
        actions.removeIf(a -> a.rolling() && held.containsKey(a.rollout()));
        actions.sort(Comparator.comparing(Action::kind).thenComparing(Action::name));
        return new Plan(actions, unchanged, held);
    }

    /**
     * A rollout stops at its first failure, and running apply again must not carry on past it: while
     * an instance already on the new body is failed in systemd, the template's rollout is held.
     */
    private static Map<String, String> held(List<LocalUnit> tree, Map<String, ClusterUnit> existing,
            List<Action> actions) {
        Set<String> rolling = actions.stream().filter(Action::rolling).map(Action::rollout)
                .collect(Collectors.toSet());
        Map<String, String> held = new TreeMap<>();
        for (LocalUnit local : tree) {
            ClusterUnit current = existing.get(local.name());
            if (local.template() == null || !rolling.contains(local.template()) || current == null
                    || !current.failed() || !local.body().hash().equals(current.body().hash())) {
                continue;
            }
            held.putIfAbsent(local.template(), local.name() + " is failed in systemd with the new version: "
                    + "fix the unit file, or make " + local.name() + " active again (fleetctl status, fleetctl "
                    + "restart), then apply again");
        }
        return held;
    }

    /**
     * A global unit's rollout to the body it already failed with is held as a template's is: the
     * machines it had not reached keep the old body until the file is fixed (a new body starts over).
     */
    private static Map<String, String> heldGlobals(List<Action> actions, String set) {
        Map<String, String> held = new TreeMap<>();
        for (Action a : actions) {
            ClusterUnit current = a.existing();
            if (!a.rolling() || a.local().template() != null || current.rollout() == null) {
                continue;
            }
            String hash = UnitFile.of(ApplyKeys.forCluster(a.local().body(), set)).hash().hex();
            if (hash.equals(current.rollout().hash()) && current.failedHashes().contains(hash)) {
                held.put(a.rollout(), a.name() + " is failed in systemd with the new version on a machine it was "
                        + "rolled out to; the machines not reached yet keep the old version: fix the unit file, then "
                        + "apply again");
            }
        }
        return held;
    }

    private static Action decide(LocalUnit local, ClusterUnit current) {
        String target = local.desired().wireName();
        if (current == null) {
            return new Action(Action.Kind.CREATE, local.name(), "not in the cluster", local, null, null);
        }
        if (!local.body().hash().equals(current.body().hash())) {
            String rollout = rolls(local, current) ? rolloutName(local) : null;
            return new Action(Action.Kind.REPLACE, local.name(), replaceReason(local, current, rollout), local,
                    current, rollout);
        }
        if (!target.equals(current.desiredState())) {
            return new Action(Action.Kind.SET_STATE, local.name(), "desired state " + current.desiredState()
                    + " -> " + target, local, current, null);
        }
        return null;
    }

    /**
     * A running instance of a template is replaced in a rollout, so that its siblings keep serving
     * until it is active again; so is a running global unit that stays global, machine by machine.
     * Units that are not running have nothing to protect.
     */
    private static boolean rolls(LocalUnit local, ClusterUnit current) {
        boolean running = local.desired() == DesiredState.LAUNCHED
                && DesiredState.LAUNCHED.wireName().equals(current.desiredState());
        if (!running) {
            return false;
        }
        if (current.global()) {
            return local.template() == null && staysGlobal(local);
        }
        return local.template() != null;
    }

    private static boolean staysGlobal(LocalUnit local) {
        return ParsedUnit.of(UnitName.trusted(local.name()), local.body()).global();
    }

    /** The rollout a unit is part of: its template's, or for a global unit its own. */
    private static String rolloutName(LocalUnit local) {
        return local.template() != null ? local.template() : local.name();
    }

    private static String replaceReason(LocalUnit local, ClusterUnit current, String rollout) {
        StringBuilder why = new StringBuilder("body differs from ").append(local.source());
        if (!local.desired().wireName().equals(current.desiredState())) {
            why.append("; desired state ").append(current.desiredState()).append(" -> ")
                    .append(local.desired().wireName());
        }
        if (rollout != null && current.global()) {
            why.append("; rolled out machine by machine");
        } else if (rollout != null) {
            why.append("; rolled with the other instances of ").append(rollout);
        } else if (current.global()) {
            why.append("; a global unit that is not running gets its new body everywhere at once");
        }
        return why.toString();
    }
}
