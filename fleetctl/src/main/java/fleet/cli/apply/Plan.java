package fleet.cli.apply;

import java.util.List;

/**
 * What apply would do, in the order it does it, how many units of the tree already match, and the
 * rollouts held back (template → why) because an instance already on the new version failed.
 */
public record Plan(List<Action> actions, int unchanged, java.util.Map<String, String> held) {
    public Plan {
        actions = List.copyOf(actions);
        held = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(held));
    }

    public boolean hasChanges() {
        return !actions.isEmpty() || !held.isEmpty();
    }

    public List<Action> of(Action.Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).toList();
    }

    /** Everything but the rolling replaces: what apply sends at once. */
    public List<Action> atOnce() {
        return actions.stream().filter(a -> !a.rolling() && a.kind() != Action.Kind.DESTROY).toList();
    }

    /** The rolling replaces, grouped by template in name order. */
    public java.util.Map<String, List<Action>> rollouts() {
        java.util.Map<String, List<Action>> byTemplate = new java.util.TreeMap<>();
        for (Action a : actions) {
            if (a.rolling()) {
                byTemplate.computeIfAbsent(a.rollout(), t -> new java.util.ArrayList<>()).add(a);
            }
        }
        return byTemplate;
    }
}
