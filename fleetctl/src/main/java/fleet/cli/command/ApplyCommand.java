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

    @Option(names = "--block-attempts", paramLabel = "N", defaultValue = "30",
            description = "Wait at most N attempts of about 2 s each for each step of a rollout; 0 waits until "
                    + "done (default: ${DEFAULT-VALUE})")
    int blockAttempts;

    @Option(names = "--min-active", paramLabel = "SECONDS", defaultValue = "0",
            description = "In a rollout, an instance must also stay active this long before the next one "
                    + "(default: ${DEFAULT-VALUE})")
    double minActive;

    @Override
    public Integer call() {
        if (maxParallel < 1) {
            throw CliException.error("--max-parallel must be 1 or more, got " + maxParallel);
        }
        if (blockAttempts < 0) {
            throw CliException.error("--block-attempts must be 0 or more, got " + blockAttempts);
        }
        if (!(minActive >= 0) || minActive > 3600) {
            throw CliException.error("--min-active must be between 0 and 3600 seconds, got " + minActive);
        }
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
        int activePolls = (int) Math.ceil(minActive * 1000 / StateWaiter.POLL_MILLIS);
        return new ApplyRunner(session(), options.set, new ApplyRunner.Rollout(maxParallel, blockAttempts,
                activePolls)).run(plan);
    }
}
