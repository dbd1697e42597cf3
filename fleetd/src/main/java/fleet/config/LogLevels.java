package fleet.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * fleetd's log levels: {@code log_level} for everything (or {@code --log-level}) and
 * {@code log_levels} for packages or classes, e.g. {@code fleet.agent=debug,fleet.engine=info}.
 * Levels are logback's names in any case; syslog's {@code warning} is taken for {@code warn}.
 *
 * @param root     the level of every logger without one of its own
 * @param packages logger name prefix to level, in the order given
 */
public record LogLevels(String root, Map<String, String> packages) {
    static final List<String> NAMES = List.of("trace", "debug", "info", "warn", "error", "off");
    private static final Pattern LOGGER = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    public LogLevels {
        packages = Map.copyOf(packages);
    }

    public static LogLevels defaults() {
        return new LogLevels("info", Map.of());
    }

    /** One level name, lower-cased; IllegalArgumentException naming the known ones otherwise. */
    static String level(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("warning")) {
            return "warn";
        }
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown log level \"" + name.strip() + "\"; one of " + NAMES);
        }
        return n;
    }

    /** {@code a.b=debug,c=info}: a comma-separated list of logger name prefixes and their levels. */
    static Map<String, String> packages(String list) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            String logger = eq < 0 ? "" : item.substring(0, eq).strip();
            if (eq < 0 || !LOGGER.matcher(logger).matches()) {
                throw new IllegalArgumentException("expected PACKAGE=LEVEL such as fleet.agent=debug, got \""
                        + item.strip() + "\"");
            }
            levels.put(logger, level(item.substring(eq + 1)));
        }
        return levels;
    }
}
