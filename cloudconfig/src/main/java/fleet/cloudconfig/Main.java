package fleet.cloudconfig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code apply --root ROOT --file FILE [--var NAME=ADDR]... [--fleet KEY=VALUE]... [--skip-unit UNIT]...}
 *
 * <p>Writes the files under ROOT and prints, one per line on stdout, the commands the host must
 * run next (systemctl ..., hostname ...). Notes and the files written go to stderr. Exit codes:
 * 0 applied, 2 bad usage or a refused/invalid cloud-config (nothing is written then), 1 I/O error.
 */
public final class Main {
    static final String USAGE = "usage: cloud-config-apply apply --root ROOT --file FILE"
            + " [--var NAME=ADDRESS]... [--fleet KEY=VALUE]... [--skip-unit UNIT]...";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Invocation inv = Invocation.parse(args);
            String text;
            try {
                text = Files.readString(inv.file);
            } catch (IOException e) {
                throw new CloudConfigException("--file " + inv.file + ": cannot read: " + e.getMessage());
            }
            CloudConfig config = new CloudConfigParser(new Placeholders(inv.vars)).parse(text).withFleetOverrides(inv.fleet);
            ApplyResult result = new Applier(inv.root, inv.skip).apply(config);
            result.written().forEach(p -> err.println("cloud-config: wrote " + p));
            result.notes().forEach(n -> err.println("cloud-config: note: " + n));
            result.commands().forEach(c -> out.println(c.line()));
            return 0;
        } catch (CloudConfigException e) {
            err.println("cloud-config: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("cloud-config: " + e.getMessage());
            return 1;
        }
    }

    /** The parsed command line. */
    private static final class Invocation {
        Path root;
        Path file;
        final Map<String, String> vars = new LinkedHashMap<>();
        final Map<String, String> fleet = new LinkedHashMap<>();
        final Set<String> skip = new LinkedHashSet<>();

        static Invocation parse(String[] args) {
            if (args.length == 0 || !args[0].equals("apply")) {
                throw new CloudConfigException(USAGE);
            }
            Invocation inv = new Invocation();
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new CloudConfigException(args[i] + " needs a value; " + USAGE);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--root" -> inv.root = Path.of(value);
                    case "--file" -> inv.file = Path.of(value);
                    case "--var" -> pair(args[i], value, inv.vars);
                    case "--fleet" -> pair(args[i], value, inv.fleet);
                    case "--skip-unit" -> inv.skip.add(Validation.unitName("--skip-unit", value));
                    default -> throw new CloudConfigException("unknown argument '" + args[i] + "'; " + USAGE);
                }
            }
            if (inv.root == null || inv.file == null) {
                throw new CloudConfigException("--root and --file are required; " + USAGE);
            }
            return inv;
        }

        private static void pair(String flag, String value, Map<String, String> into) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new CloudConfigException(flag + " " + value + ": expected NAME=VALUE");
            }
            into.put(value.substring(0, eq), value.substring(eq + 1));
        }
    }
}
