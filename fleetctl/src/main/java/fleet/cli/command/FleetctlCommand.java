package fleet.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root command: global flags; without a subcommand it prints help. Subcommands: {@link Subcommands}. */
@Command(name = "fleetctl", versionProvider = Version.class, sortOptions = false,
        description = "fleetctl is a command-line interface to fleet, the cluster-wide systemd scheduler.",
        footer = {"", "Every global flag can also be set as FLEETCTL_<FLAG> (e.g. FLEETCTL_ENDPOINT); a flag wins.",
            "Exit codes: 0 success, 1 error, 2 a unit could not be placed (start/load).",
            "Not implemented: the etcd driver; status and journal "
                    + "go through the API."})
public final class FleetctlCommand implements Callable<Integer> {
    @Mixin
    final GlobalOptions globals = new GlobalOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version")
    boolean version;

    @Spec
    CommandSpec spec;

    private final Session session;

    public FleetctlCommand(Session session) {
        this.session = session;
        session.globals(globals);
    }

    public Session session() {
        return session;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(session.out());
        return ExitCode.OK;
    }
}
