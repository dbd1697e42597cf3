package fleet.cli.command;

import fleet.cli.output.MachineLegend;
import fleet.schema.UnitRolloutEntity;
import java.util.List;

/**
 * A rollout in one table cell: the new body, the budget, how far it got and the order, the machines
 * that took the new body before the "|" and those still on the old one after it, e.g.
 * {@code to 3f2a1b9, 1 at a time, 1/3: 5a1c...|9e0b... d41f...}. "-" when no rollout runs.
 */
final class RolloutText {
    private RolloutText() {}

    static String of(UnitRolloutEntity r, boolean full) {
        if (r == null || r.hash() == null) {
            return "-";
        }
        String hash = full || r.hash().length() < 7 ? r.hash() : r.hash().substring(0, 7);
        List<String> taken = r.order().stream().filter(r.machines()::contains).map(m -> MachineLegend.id(m, full))
                .toList();
        List<String> left = r.order().stream().filter(m -> !r.machines().contains(m))
                .map(m -> MachineLegend.id(m, full)).toList();
        return "to " + hash + ", " + r.maxParallel() + " at a time, " + taken.size() + "/" + r.order().size() + ": "
                + String.join(" ", taken) + "|" + String.join(" ", left);
    }
}
