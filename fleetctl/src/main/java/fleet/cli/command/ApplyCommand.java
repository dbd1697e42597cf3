package fleet.cli.command;

import fleet.cli.apply.ApplyException;
import fleet.cli.apply.Plan;
import fleet.cli.apply.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleetctl apply PATH...}: make the cluster match the unit files. New units are submitted with
 * their desired state, changed ones replaced (running template instances one batch at a time), states
 * set, and with --prune the set's units no longer in PATH destroyed. A running global unit is rolled out
 * machine by machine ({@link GlobalRoller}).
 */
@Command(name = "apply", description = "Make the cluster match unit files kept in git: create, replace, set "
        + "desired states ([X-Fleet] DesiredState=, default launched), roll running template instances and "
        + "global units, "
        + "--prune what apply created and PATH no longer has")
public final class ApplyCommand extends FleetctlSubcommand {
    @Mixin
    ApplyOptions options;

    @Option(names = "--dry-run", description = "Print the plan (as diff does) and change nothing")
    boolean dryRun;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "1",
            description = "Running instances of a template, or machines of a global unit, replaced at a time in a "
                    + "rollout (default: ${DEFAULT-VALUE})")
    int maxParallel;

    @Mixin
    RolloutWaitOptions waiting;

    @Override
    public Integer call() {
        if (maxParallel < 1) {
            throw CliException.error("--max-parallel must be 1 or more, got " + maxParallel);
        }
        int blockAttempts = waiting.attempts();
        Plan plan;
        try {
            plan = options.plan(api());
        } catch (ApplyException e) {
            throw CliException.error(e.getMessage());
        }
        if (dryRun) {
            PlanText.lines(plan).forEach(this::out);
            return ExitCode.OK;
        }
        if (plan.actions().isEmpty() && plan.held().isEmpty()) {
            out(PlanText.summary(plan));
            return ExitCode.OK;
        }
        return new ApplyRunner(session(), options.set, new ApplyRunner.Rollout(maxParallel, blockAttempts,
                waiting.activePolls())).run(plan);
    }
}
