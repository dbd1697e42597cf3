package fleet.cli.command;

import picocli.CommandLine.Option;

/** --no-block and --block-attempts, shared by the commands that change a desired state. */
final class BlockOptions {
    @Option(names = "--no-block", description = "Do not wait for the units to reach the state")
    boolean noBlock;

    @Option(names = "--block-attempts", paramLabel = "N", defaultValue = "0",
            description = "Wait at most N attempts of about 2 s each per unit; 0 waits until done (default: 0)")
    int blockAttempts;

    /** -1 = do not wait, 0 = no limit, N = attempts. */
    int attempts() {
        if (blockAttempts < 0) {
            throw CliException.error("--block-attempts must be 0 or more, got " + blockAttempts);
        }
        return noBlock ? -1 : blockAttempts;
    }
}
