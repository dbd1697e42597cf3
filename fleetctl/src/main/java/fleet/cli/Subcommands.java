package fleet.cli;

import fleet.cli.command.ApplyCommand;
import fleet.cli.command.CatCommand;
import fleet.cli.command.CompletionCommand;
import fleet.cli.command.DestroyCommand;
import fleet.cli.command.DiffCommand;
import fleet.cli.command.JournalCommand;
import fleet.cli.command.FdForwardCommand;
import fleet.cli.command.ListMachinesCommand;
import fleet.cli.command.ListUnitFilesCommand;
import fleet.cli.command.ListUnitsCommand;
import fleet.cli.command.LoadCommand;
import fleet.cli.command.RebalanceCommand;
import fleet.cli.command.RestartCommand;
import fleet.cli.command.SshCommand;
import fleet.cli.command.StartCommand;
import fleet.cli.command.StatusCommand;
import fleet.cli.command.StopCommand;
import fleet.cli.command.SubmitCommand;
import fleet.cli.command.UnloadCommand;
import fleet.cli.command.VerifyCommand;
import fleet.cli.command.VersionCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/**
 * fleetctl's subcommands, in help order, registered lazily: picocli builds a command's model by
 * reflection when it is added, which costs a cold JVM tens of milliseconds per command. A run that
 * names one command exactly gets only that one; anything else (no command, an abbreviation, a typo,
 * {@code help}, {@code completion}) gets them all, so help, matching and errors are picocli's.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("submit", SubmitCommand::new);
        ALL.put("load", LoadCommand::new);
        ALL.put("start", StartCommand::new);
        ALL.put("stop", StopCommand::new);
        ALL.put("unload", UnloadCommand::new);
        ALL.put("destroy", DestroyCommand::new);
        ALL.put("restart", RestartCommand::new);
        ALL.put("cat", CatCommand::new);
        ALL.put("status", StatusCommand::new);
        ALL.put("journal", JournalCommand::new);
        ALL.put("ssh", SshCommand::new);
        ALL.put("list-units", ListUnitsCommand::new);
        ALL.put("list-unit-files", ListUnitFilesCommand::new);
        ALL.put("list-machines", ListMachinesCommand::new);
        ALL.put("diff", DiffCommand::new);
        ALL.put("apply", ApplyCommand::new);
        ALL.put("rebalance", RebalanceCommand::new);
        ALL.put("verify", VerifyCommand::new);
        ALL.put("fd-forward", FdForwardCommand::new);
        ALL.put("version", VersionCommand::new);
        ALL.put("completion", CompletionCommand::new);
        ALL.put("help", HelpCommand::new);
    }

    /** Commands that describe the others, so they need every one registered. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion");
    /** Global flags whose value may be the next argument. */
    private static final Set<String> VALUED_FLAGS = Set.of("--endpoint", "--request-timeout", "--ca-file",
            "--cert-file", "--key-file", "--ssh-username", "--ssh-timeout", "--known-hosts-file");

    private Subcommands() {}

    static void register(CommandLine cli, String[] args) {
        String name = commandName(args);
        if (name != null && ALL.containsKey(name) && !NEED_ALL.contains(name)) {
            cli.addSubcommand(name, ALL.get(name).get());
        } else {
            ALL.forEach((n, factory) -> cli.addSubcommand(n, factory.get()));
        }
    }

    /** The first argument that is not a global flag or its value; null if there is none. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            if (VALUED_FLAGS.contains(a)) {
                i++;
            }
        }
        return null;
    }

    static Set<String> names() {
        return ALL.keySet();
    }
}
