package fleet.cli.command;

import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleetctl rebalance}: moves units from crowded machines to empty or returning ones, one at a
 * time ({@link MoveRunner}); opt-in, bounded by --max-moves. fleetd plans the moves (its engine's
 * strategy and constraints) and its engine carries each one out; fleetctl only asks and waits.
 */
@Command(name = "rebalance", description = "Move units from crowded machines to empty or returning ones, one at a "
        + "time, each waited for until active on its new machine; units pinned by MachineID, MachineOf, Conflicts, "
        + "Replaces or AtMostOneCopy, and global units, never move")
public final class RebalanceCommand extends FleetctlSubcommand {
    @Option(names = "--dry-run", description = "List the moves and change nothing")
    boolean dryRun;

    @Option(names = "--max-moves", paramLabel = "N", defaultValue = "10",
            description = "Move at most N units (default: ${DEFAULT-VALUE})")
    int maxMoves;

    @Mixin
    RolloutWaitOptions waiting;

    @Override
    public Integer call() {
        if (maxMoves < 1) {
            throw CliException.error("--max-moves must be 1 or more, got " + maxMoves);
        }
        int attempts = waiting.attempts();
        if (dryRun) {
            RebalancePlanEntity plan = api().rebalancePlan(maxMoves);
            for (RebalanceMoveEntity m : plan.moves()) {
                out("Would move " + MoveRunner.describe(m));
            }
            out(plan.summary());
            return ExitCode.OK;
        }
        return new MoveRunner(session(), attempts, waiting.activePolls(), Thread::sleep).run(maxMoves);
    }
}
