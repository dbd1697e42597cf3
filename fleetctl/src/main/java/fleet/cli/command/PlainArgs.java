package fleet.cli.command;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The arguments of the common read commands (list-units, list-machines, list-unit-files, cat) read
 * without picocli, whose reflective model of a command costs a cold process ~50 ms. Only the plain
 * forms are read here: {@code --flag value} or {@code --flag=value}, each flag at most once, the
 * command's exact name, values that convert. Anything else (help, an abbreviation, an unknown or
 * repeated flag, a value that would be an error, {@code @file}, {@code --}) is left to picocli:
 * {@link #command} is then empty, so every message and exit code stays picocli's.
 */
public final class PlainArgs {
    private static final Set<String> COMMANDS = Set.of("list-units", "list-machines", "list-unit-files", "cat");
    private static final Set<String> LIST_COMMANDS = Set.of("list-units", "list-machines", "list-unit-files");
    /** Global flags with a value; {@code --strict-host-key-checking} (optional value) is left to picocli. */
    private static final Set<String> GLOBAL_VALUED = Set.of("--endpoint", "--request-timeout", "--ca-file",
            "--cert-file", "--key-file", "--ssh-username", "--ssh-timeout", "--known-hosts-file", "--tunnel");
    private static final Set<String> GLOBAL_SWITCHES = Set.of("--debug");
    private static final Set<String> LIST_VALUED = Set.of("--fields", "--output");
    private static final Set<String> LIST_SWITCHES = Set.of("--full", "--no-legend");
    /** Spellings of the list flags that name the same option as the canonical one. */
    private static final Map<String, String> ALIASES = Map.of("-l", "--full", "--l", "--full", "-o", "--output");

    private String command;
    /** Canonical flag names to their values ("" for a switch). */
    private final Map<String, String> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private PlainArgs() {}

    /** The command these arguments name, ready to call; empty when picocli has to read them. */
    public static Optional<Callable<Integer>> command(String[] args, Map<String, String> env, Session session) {
        PlainArgs plain = read(args);
        return plain == null ? Optional.empty() : plain.build(env, session);
    }

    /** The command and its flags; null when the arguments are not plain. */
    static PlainArgs read(String[] args) {
        PlainArgs plain = new PlainArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@") || arg.equals("--") || arg.equals("-")) {
                return null;
            }
            if (!arg.startsWith("-")) {
                if (plain.command == null && COMMANDS.contains(arg)) {
                    plain.command = arg;
                } else if ("cat".equals(plain.command)) {
                    plain.positionals.add(arg);
                } else {
                    return null;
                }
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            name = ALIASES.getOrDefault(name, name);
            String value;
            if (GLOBAL_VALUED.contains(name) || LIST_VALUED.contains(name)) {
                value = eq >= 0 ? arg.substring(eq + 1) : i + 1 < args.length ? args[++i] : null;
                if (value == null || value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                        || COMMANDS.contains(value)) {
                    return null;
                }
            } else if ((GLOBAL_SWITCHES.contains(name) || LIST_SWITCHES.contains(name)) && eq < 0) {
                value = "";
            } else {
                return null;
            }
            boolean local = LIST_VALUED.contains(name) || LIST_SWITCHES.contains(name);
            if (local && !LIST_COMMANDS.contains(String.valueOf(plain.command))
                    || plain.values.put(name, value) != null) {
                return null;
            }
        }
        return plain.command == null ? null : plain;
    }

    private Optional<Callable<Integer>> build(Map<String, String> env, Session session) {
        FleetctlCommand root = new FleetctlCommand(session);
        ListOptions list = listOptions();
        if (list == null || !globals(root.globals, env)) {
            return Optional.empty();
        }
        FleetctlSubcommand sub = switch (command) {
            case "cat" -> {
                CatCommand c = new CatCommand();
                c.args = positionals.isEmpty() ? null : List.copyOf(positionals);
                yield c;
            }
            case "list-units" -> {
                ListUnitsCommand c = new ListUnitsCommand();
                c.list = list;
                c.fields = values.getOrDefault("--fields", ListUnitsCommand.DEFAULT_FIELDS);
                yield c;
            }
            case "list-machines" -> {
                ListMachinesCommand c = new ListMachinesCommand();
                c.list = list;
                c.fields = values.getOrDefault("--fields", ListMachinesCommand.DEFAULT_FIELDS);
                yield c;
            }
            default -> {
                ListUnitFilesCommand c = new ListUnitFilesCommand();
                c.list = list;
                c.fields = values.getOrDefault("--fields", ListUnitFilesCommand.DEFAULT_FIELDS);
                yield c;
            }
        };
        sub.root = root;
        return Optional.of(sub);
    }

    /** --full, --no-legend and -o; null for a format picocli would refuse. */
    private ListOptions listOptions() {
        ListOptions list = new ListOptions();
        list.full = values.containsKey("--full");
        list.noLegend = values.containsKey("--no-legend");
        switch (values.getOrDefault("--output", "table")) {
            case "table" -> list.format = ListOptions.Format.table;
            case "json" -> list.format = ListOptions.Format.json;
            default -> {
                return null;
            }
        }
        return list;
    }

    /** Fills the global flags as picocli would: flag, else a non-empty FLEETCTL_*, else the default. */
    private boolean globals(GlobalOptions g, Map<String, String> env) {
        try {
            g.endpoint = global("--endpoint", env, GlobalOptions.DEFAULT_ENDPOINT);
            g.requestTimeout = Double.parseDouble(global("--request-timeout", env, GlobalOptions.DEFAULT_REQUEST_TIMEOUT));
            g.caFile = path(global("--ca-file", env, null));
            g.certFile = path(global("--cert-file", env, null));
            g.keyFile = path(global("--key-file", env, null));
            g.sshUsername = global("--ssh-username", env, GlobalOptions.DEFAULT_SSH_USERNAME);
            g.sshTimeout = Double.parseDouble(global("--ssh-timeout", env, GlobalOptions.DEFAULT_SSH_TIMEOUT));
            g.knownHostsFile = global("--known-hosts-file", env, GlobalOptions.DEFAULT_KNOWN_HOSTS_FILE);
            g.tunnel = global("--tunnel", env, null);
            // picocli: a switch given sets the opposite of its default, here the environment's value
            g.debug = values.containsKey("--debug") != bool(envValue("--debug", env), false);
            g.strictHostKeyChecking = bool(envValue("--strict-host-key-checking", env),
                    Boolean.parseBoolean(GlobalOptions.DEFAULT_STRICT_HOST_KEY_CHECKING));
            return true;
        } catch (NumberFormatException | InvalidPathException e) {
            return false;
        }
    }

    private String global(String flag, Map<String, String> env, String fallback) {
        String flagValue = values.get(flag);
        if (flagValue != null) {
            return flagValue;
        }
        String fromEnv = envValue(flag, env);
        return fromEnv != null ? fromEnv : fallback;
    }

    private static String envValue(String flag, Map<String, String> env) {
        String value = env.get(GlobalOptions.envName(flag));
        return value == null || value.isEmpty() ? null : value;
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    /** picocli's boolean conversion: true or false in any case; anything else is its error to give. */
    private static boolean bool(String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new NumberFormatException("not a boolean: " + value);
    }
}
