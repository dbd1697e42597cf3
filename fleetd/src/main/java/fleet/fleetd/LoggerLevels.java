package fleet.fleetd;

import java.util.HashSet;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import fleet.config.LogLevels;

/**
 * Sets logback's levels from the configuration ({@code log_level}, {@code log_levels}), at start and
 * again at each reload: a package dropped from {@code log_levels} goes back to the root's level.
 * Levels set by anything else (an XML configuration, the quiet libraries) are left alone unless
 * {@code log_levels} names them.
 */
final class LoggerLevels {
    private final LoggerContext context;
    private final Set<String> ours = new HashSet<>();

    LoggerLevels(LoggerContext context) {
        this.context = context;
    }

    synchronized void apply(LogLevels levels) {
        for (String name : ours) {
            context.getLogger(name).setLevel(null);
        }
        ours.clear();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(levels.root(), Level.INFO));
        levels.packages().forEach((name, level) -> {
            context.getLogger(name).setLevel(Level.toLevel(level, Level.INFO));
            ours.add(name);
        });
    }
}
