package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.command.CliException;
import fleet.cli.command.EnvDefaults;
import fleet.cli.command.ExitCode;
import fleet.cli.command.FleetctlCommand;
import fleet.cli.command.GlobalOptions;
import fleet.cli.command.Session;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/** Entry point of bin/fleetctl. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Session session = new Session(out, err, System.console() != null, g -> ApiFactory.http(g, err));
        int code = run(args, System.getenv(), session);
        out.flush();
        System.exit(code);
    }

    /** Runs fleetctl with the given arguments and environment; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, Session session) {
        if (args.length > 0 && args[0].equals("-v")) {
            args = args.clone();
            args[0] = "--version";
        }
        CommandLine cli = commandLine(session, env, args);
        return cli.execute(args);
    }

    static CommandLine commandLine(Session session, Map<String, String> env, String[] args) {
        CommandLine cli = new CommandLine(new FleetctlCommand(session));
        // before the settings below: picocli applies them to the subcommands present
        Subcommands.register(cli, args);
        cli.setAbbreviatedSubcommandsAllowed(true);
        cli.setOut(new PrintWriter(session.out(), true));
        cli.setErr(new PrintWriter(session.err(), true));
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setParameterExceptionHandler((e, a) -> {
            session.err().println("Error: " + e.getMessage());
            CommandLine c = e.getCommandLine();
            session.err().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.ERROR;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof CliException ce) {
                if (ce.hasMessage()) {
                    session.err().println("Error: " + ce.getMessage());
                }
                return ce.exitCode();
            }
            if (e instanceof FleetApiException fe) {
                session.err().println("Error: " + fe.getMessage());
                return ExitCode.ERROR;
            }
            if (e instanceof IllegalArgumentException ie) {
                session.err().println("Error: " + ie.getMessage());
                return ExitCode.ERROR;
            }
            throw e;
        });
        return cli;
    }

    /** For tests: a session over the given streams and API. */
    public static Session session(PrintStream out, PrintStream err, Function<GlobalOptions, FleetApi> api) {
        return new Session(out, err, false, api);
    }
}
