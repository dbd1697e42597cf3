package fleet.cli.apply;

import java.util.ArrayList;
import java.util.List;

/** The plan as diff and apply --dry-run print it: one line per action, a unified diff per replaced body, a summary. */
public final class PlanText {
    private PlanText() {}

    public static List<String> lines(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            out.add(line(a));
            if (a.kind() == Action.Kind.REPLACE) {
                String diff = UnifiedDiff.of(a.name() + " (cluster)", a.name() + " (" + a.local().source() + ")",
                        a.existing().body().serialize(), a.local().body().serialize());
                out.addAll(diff.lines().toList());
            }
        }
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
                + plan.of(Action.Kind.DESTROY).size() + " to destroy; " + plan.unchanged() + " unchanged.";
    }
}
