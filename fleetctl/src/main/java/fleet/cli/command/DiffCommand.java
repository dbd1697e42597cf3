package fleet.cli.command;

import fleet.cli.api.FleetApiException;
import fleet.cli.apply.ApplyException;
import fleet.cli.apply.Plan;
import fleet.cli.apply.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetctl diff PATH...}: what apply would do. Exits like diff(1): 0 no change, 1 changes, 2 trouble. */
@Command(name = "diff", description = "Show what apply would change in the cluster; exit 0 when nothing, 1 "
        + "when something, 2 on error")
public final class DiffCommand extends FleetctlSubcommand {
    static final int CHANGES = 1;
    static final int TROUBLE = 2;

    @Mixin
    ApplyOptions options;

    @Override
    public Integer call() {
        Plan plan;
        try {
            plan = options.plan(api());
        } catch (ApplyException | FleetApiException | IllegalArgumentException e) {
            throw new CliException(TROUBLE, e.getMessage());
        } catch (CliException e) {
            throw new CliException(TROUBLE, e.getMessage());
        }
        PlanText.lines(plan).forEach(this::out);
        return plan.hasChanges() ? CHANGES : ExitCode.OK;
    }
}
