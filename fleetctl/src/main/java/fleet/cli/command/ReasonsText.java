package fleet.cli.command;

import fleet.cli.output.MachineLegend;
import fleet.schema.UnitReasonsEntity;
import java.io.PrintStream;
import java.util.Map;

/** Prints why the engine could not place a unit: the summary, then one line per machine. */
final class ReasonsText {
    private ReasonsText() {}

    static void print(PrintStream err, String unit, UnitReasonsEntity reasons) {
        String summary = reasons == null || reasons.summary().isEmpty() ? "no machine can run it" : reasons.summary();
        err.println("Unit " + unit + " could not be placed: " + summary);
        if (reasons != null) {
            for (Map.Entry<String, String> e : reasons.machines().entrySet()) {
                err.println("  " + MachineLegend.id(e.getKey(), false) + ": " + e.getValue());
            }
        }
    }
}
