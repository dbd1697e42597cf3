package fleet.cli.command;

import picocli.CommandLine.Option;

/** How long a rollout step (apply) or a rebalancing move waits: --block-attempts and --min-active. */
final class RolloutWaitOptions {
    @Option(names = "--block-attempts", paramLabel = "N", defaultValue = "30",
            description = "Wait at most N attempts of about 2 s each for each step of a rollout or move; 0 waits "
                    + "until done (default: ${DEFAULT-VALUE})")
    int blockAttempts;

    @Option(names = "--min-active", paramLabel = "SECONDS", defaultValue = "0",
            description = "A replaced instance or moved unit must also stay active this long before the next one "
                    + "(default: ${DEFAULT-VALUE})")
    double minActive;

    /** The attempts per step (0: no limit), after checking both options. */
    int attempts() {
        if (blockAttempts < 0) {
            throw CliException.error("--block-attempts must be 0 or more, got " + blockAttempts);
        }
        if (!(minActive >= 0) || minActive > 3600) {
            throw CliException.error("--min-active must be between 0 and 3600 seconds, got " + minActive);
        }
        return blockAttempts;
    }

    /** The polls a unit must stay active for. */
    int activePolls() {
        return (int) Math.ceil(minActive * 1000 / StateWaiter.POLL_MILLIS);
    }
}
