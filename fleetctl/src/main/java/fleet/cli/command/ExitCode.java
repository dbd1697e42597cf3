package fleet.cli.command;

/** fleetctl's exit codes. Unlike fleet v1.0, usage errors and unknown units never exit 0. */
public final class ExitCode {
    public static final int OK = 0;
    /** Any error: usage, unknown unit, API refusal, unreachable API, wait timed out. */
    public static final int ERROR = 1;
    /** start/load: the engine could not place a unit, and said why. */
    public static final int NOT_PLACED = 2;

    private ExitCode() {}
}
