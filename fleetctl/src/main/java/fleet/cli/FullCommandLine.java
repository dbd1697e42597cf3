package fleet.cli;

import fleet.cli.command.EnvDefaults;
import fleet.cli.command.ExitCode;
import fleet.cli.command.Failures;
import fleet.cli.command.FleetctlCommand;
import fleet.cli.command.Session;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** fleetctl through picocli: every command, flag form, help text and usage error. */
final class FullCommandLine {
    private FullCommandLine() {}

    static int run(String[] args, Map<String, String> env, Session session) {
        if (args.length > 0 && args[0].equals("-v")) {
            args = args.clone();
            args[0] = "--version";
        }
        return build(session, env, args).execute(args);
    }

    static CommandLine build(Session session, Map<String, String> env, String[] args) {
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
        cli.setExecutionExceptionHandler((e, c, parsed) -> Failures.report(e, session));
        return cli;
    }
}
