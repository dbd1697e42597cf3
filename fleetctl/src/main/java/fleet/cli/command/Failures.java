package fleet.cli.command;

import fleet.cli.api.FleetApiException;

/** How a command's failure reaches the user: one "Error: ..." line on stderr and an exit code. */
public final class Failures {
    private Failures() {}

    /** The exit code for a failure fleetctl expects, after printing it; anything else is rethrown. */
    public static int report(Exception e, Session session) throws Exception {
        if (e instanceof CliException ce) {
            if (ce.hasMessage()) {
                session.err().println("Error: " + ce.getMessage());
            }
            return ce.exitCode();
        }
        if (e instanceof FleetApiException || e instanceof IllegalArgumentException) {
            session.err().println("Error: " + e.getMessage());
            return ExitCode.ERROR;
        }
        throw e;
    }
}
