package fleet.cli.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What apply would do, in the order it does it, how many units of the tree already match, and the
 * rollouts held back (template → why) because an instance already on the new version failed.
 */
public record Plan(List<Action> actions, int unchanged, Map<String, String> held) {
    public Plan {
        actions = List.copyOf(actions);
        held = Collections.unmodifiableMap(new TreeMap<>(held));
    }

    public boolean hasChanges() {
        return !actions.isEmpty() || !held.isEmpty();
    }

    public List<Action> of(Action.Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).toList();
    }

    /** Everything but the rolling replaces and the destroys: what apply sends at once, first. */
    public List<Action> atOnce() {
        return actions.stream().filter(a -> !a.rolling() && a.kind() != Action.Kind.DESTROY).toList();
    }

    /** The rolling replaces, grouped by template in name order. */
    public Map<String, List<Action>> rollouts() {
        Map<String, List<Action>> byTemplate = new TreeMap<>();
        for (Action a : actions) {
            if (a.rolling()) {
                byTemplate.computeIfAbsent(a.rollout(), t -> new ArrayList<>()).add(a);
            }
        }
        return byTemplate;
    }
}
