package fleet.cli.command;

/** A failure to report as one line on stderr, with the exit code to leave with. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException error(String message) {
        return new CliException(ExitCode.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
