package fleet.fleetd;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

import fleet.config.ConfigException;
import fleet.config.ConfigLoader;
import fleet.config.FleetConfig;

/**
 * {@code fleetd [--config=PATH] [--log-level=LEVEL] [--version]}: loads the configuration, starts the
 * daemon and runs until SIGTERM/SIGINT; SIGHUP re-reads the configuration and SIGUSR1 logs a state
 * dump ({@link Reloader}). A bad configuration at start stops it at once with the reason and exit
 * code 1. {@code --log-level} overrides {@code log_level} (as FLEET_LOG_LEVEL would), reloads too.
 */
public final class Main {
    /** Held for the life of the process; a reference kept so that it is never collected, which would unlock it. */
    private static HostLock hostLock;

    private Main() {}

    /** Each daemon, the first and each reload's, starts with its configuration's log levels. */
    private static Function<FleetConfig, Reloader.Service> daemonWithLevels() {
        Optional<LoggerLevels> levels = LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                ? Optional.of(new LoggerLevels(context)) : Optional.empty();
        return cfg -> {
            levels.ifPresent(l -> l.apply(cfg.logLevels()));
            return new Daemon(cfg);
        };
    }

    public static void main(String[] args) {
        Optional<Path> config = Optional.empty();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--version") || a.equals("-version") || a.equals("version")) {
                System.out.println("fleetd version " + Version.current());
                return;
            } else if (a.startsWith("--config=")) {
                config = Optional.of(Path.of(a.substring("--config=".length())));
            } else if (a.equals("--config") && i + 1 < args.length) {
                config = Optional.of(Path.of(args[++i]));
            } else if (a.startsWith("--log-level=")) {
                flags.put("FLEET_LOG_LEVEL", a.substring("--log-level=".length()));
            } else if (a.equals("--log-level") && i + 1 < args.length) {
                flags.put("FLEET_LOG_LEVEL", args[++i]);
            } else {
                System.err.println("fleetd takes no arguments besides --config, --log-level and --version (got \"" + a
                        + "\"). Did you mean to invoke fleetctl instead?");
                System.exit(1);
            }
        }
        Optional<Path> configFile = config;
        FleetConfig cfg;
        try {
            cfg = ConfigLoader.system(flags).load(configFile);
        } catch (ConfigException e) {
            System.err.println("fleetd: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            hostLock = HostLock.acquire(cfg.unitsDirectory());
        } catch (StartupException e) {
            System.err.println("fleetd: " + e.getMessage());
            System.exit(1);
            return;
        }
        Reloader reloader = new Reloader(cfg, () -> ConfigLoader.system(flags).load(configFile), daemonWithLevels());
        Runtime.getRuntime().addShutdownHook(new Thread(reloader::terminate, "fleetd-shutdown"));
        reloader.handleSignals();
        try {
            reloader.runUntilTerminated();
        } catch (StartupException | ConfigException e) {
            System.err.println("fleetd: " + e.getMessage());
            System.exit(1);
        }
    }
}
