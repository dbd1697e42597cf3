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

    /**
     * Ends the command with {@code exitCode} when every error has already been printed in its place
     * (per unit, in argument order): nothing more is printed.
     */
    public static CliException reported(int exitCode) {
        return new CliException(exitCode, null);
    }

    /** False when the message was already printed ({@link #reported}). */
    public boolean hasMessage() {
        return getMessage() != null;
    }

    public int exitCode() {
        return exitCode;
    }
}
