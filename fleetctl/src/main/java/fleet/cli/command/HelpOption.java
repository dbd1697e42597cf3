package fleet.cli.command;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} on every subcommand: usage errors say "Run 'fleetctl COMMAND --help'", so that
 * has to work. (Not inherited from the root command: picocli's own {@code help} command has a -h.)
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help")
    boolean help;
}
