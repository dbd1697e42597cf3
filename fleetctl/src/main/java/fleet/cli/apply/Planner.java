package fleet.cli.apply;

import fleet.unit.DesiredState;
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

    private static Action decide(LocalUnit local, ClusterUnit current) {
        String target = local.desired().wireName();
        if (current == null) {
            return new Action(Action.Kind.CREATE, local.name(), "not in the cluster", local, null, null);
        }
        if (!local.body().hash().equals(current.body().hash())) {
            String rollout = rolls(local, current) ? local.template() : null;
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
     * until it is active again. Units that are not running have nothing to protect.
     */
    private static boolean rolls(LocalUnit local, ClusterUnit current) {
        return local.template() != null && !current.global() && local.desired() == DesiredState.LAUNCHED
                && DesiredState.LAUNCHED.wireName().equals(current.desiredState());
    }

    private static String replaceReason(LocalUnit local, ClusterUnit current, String rollout) {
        StringBuilder why = new StringBuilder("body differs from ").append(local.source());
        if (!local.desired().wireName().equals(current.desiredState())) {
            why.append("; desired state ").append(current.desiredState()).append(" -> ")
                    .append(local.desired().wireName());
        }
        if (rollout != null) {
            why.append("; rolled with the other instances of ").append(rollout);
        } else if (current.global()) {
            why.append("; a global unit has one body, so every machine gets it at once");
        }
        return why.toString();
    }
}
