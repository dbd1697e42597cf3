package fleet.cli.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plan as diff and apply --dry-run print it: one line per action, a unified diff per replaced body, a summary. */
public final class PlanText {
    private PlanText() {}

    /** A body change already shown is named, not shown again: a template's instances share theirs. */
    public static List<String> lines(Plan plan) {
        List<String> out = new ArrayList<>();
        Map<String, String> shown = new HashMap<>();
        for (Action a : plan.actions()) {
            out.add(line(a));
            if (a.kind() == Action.Kind.REPLACE) {
                String oldBody = a.existing().body().serialize();
                String newBody = a.local().body().serialize();
                String first = shown.putIfAbsent(oldBody + "\u0000" + newBody, a.name());
                if (first != null) {
                    out.add("  (the same change as " + first + ")");
                    continue;
                }
                String diff = UnifiedDiff.of(a.name() + " (cluster)", a.name() + " (" + a.local().source() + ")",
                        oldBody, newBody);
                out.addAll(diff.lines().toList());
            }
        }
        plan.held().forEach((template, why) -> out.add("! rollout of " + template + " held: " + why));
        out.add(summary(plan));
        return out;
    }

    static String line(Action a) {
        return switch (a.kind()) {
            case CREATE -> "+ " + a.name() + ": create, " + a.target().wireName() + " (" + a.reason() + ")";
            case REPLACE -> "~ " + a.name() + ": replace, " + a.target().wireName() + " (" + a.reason() + ")";
            case SET_STATE -> "~ " + a.name() + ": set " + a.target().wireName() + " (" + a.reason() + ")";
            case DESTROY -> "- " + a.name() + ": destroy (" + a.reason() + ")";
        };
    }

    public static String summary(Plan plan) {
        if (!plan.hasChanges()) {
            return "No changes: " + plan.unchanged() + " unit(s) match the tree.";
        }
        return "Plan: " + plan.of(Action.Kind.CREATE).size() + " to create, " + plan.of(Action.Kind.REPLACE).size()
                + " to replace, " + plan.of(Action.Kind.SET_STATE).size() + " to change state, "
                + plan.of(Action.Kind.DESTROY).size() + " to destroy; " + plan.unchanged() + " unchanged"
                + (plan.held().isEmpty() ? "" : "; " + plan.held().size() + " rollout(s) held") + ".";
    }
}
