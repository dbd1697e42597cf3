package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.command.ExitCode;
import fleet.cli.command.Failures;
import fleet.cli.command.GlobalOptions;
import fleet.cli.command.PlainArgs;
import fleet.cli.command.Session;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Entry point of bin/fleetctl. The common read commands with plain arguments run without picocli
 * ({@link PlainArgs}: a cold start spends ~50 ms building picocli's model); everything else goes
 * through {@link FullCommandLine}. This class must not touch picocli, or every run would load it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code = run(args, System.getenv(), processSession(out, err, System.console() != null));
        out.flush();
        System.exit(code);
    }

    /** The session of a fleetctl process: the API over HTTP. The CDS training run makes its sessions here too, so
     * that the archive holds this lambda's class (one spun at run time costs a cold process milliseconds). */
    static Session processSession(PrintStream out, PrintStream err, boolean tty) {
        return new Session(out, err, tty, g -> ApiFactory.http(g, err));
    }

    /** Runs fleetctl with the given arguments and environment; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, Session session) {
        Optional<Callable<Integer>> plain = PlainArgs.command(args, env, session);
        if (plain.isEmpty()) {
            return FullCommandLine.run(args, env, session);
        }
        try {
            return plain.get().call();
        } catch (Exception e) {
            return unexpected(e, session);
        }
    }

    /** As picocli ends a run whose failure no handler takes: the stack trace, exit code 1. */
    private static int unexpected(Exception e, Session session) {
        try {
            return Failures.report(e, session);
        } catch (Exception unknown) {
            unknown.printStackTrace(session.err());
            return ExitCode.ERROR;
        }
    }

    /** For tests: a session over the given streams and API. */
    public static Session session(PrintStream out, PrintStream err, Function<GlobalOptions, FleetApi> api) {
        return new Session(out, err, false, api);
    }
}
