package fleet.fleetd;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.config.ConfigException;
import fleet.config.FleetConfig;
import sun.misc.Signal;

/**
 * Runs one {@link Daemon} after another: SIGHUP ({@code systemctl reload fleet}) re-reads the
 * configuration and, when it changed, stops the running daemon and starts one with the new
 * configuration. Stopping a daemon leaves every unit running and hands its presence lease to the
 * next one, so a reload restarts no workload (fleet rebuilt its server the same way, keeping its
 * API listeners; here the API is down for the second the swap takes). A configuration that does not
 * load is refused with its reason and the daemon keeps running as it was.
 */
final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** Loads the configuration again, from the same file and environment as at start. */
    interface ConfigSource {
        FleetConfig load();
    }

    /** A daemon as the reloader sees it: run() blocks until stop() (from any thread). */
    interface Service {
        void run();

        void stop();

        /** One line of JSON saying what it is doing (SIGUSR1). */
        String stateDump();
    }

    private final ConfigSource source;
    private final Function<FleetConfig, Service> daemons;
    private FleetConfig current;
    private Service running;
    private FleetConfig next;
    private boolean terminated;

    Reloader(FleetConfig initial, ConfigSource source) {
        this(initial, source, Daemon::new);
    }

    Reloader(FleetConfig initial, ConfigSource source, Function<FleetConfig, Service> daemons) {
        this.current = initial;
        this.source = source;
        this.daemons = daemons;
    }

    /** The configuration the next (or the running) daemon runs with. */
    synchronized FleetConfig configuration() {
        return next != null ? next : current;
    }

    /**
     * Routes SIGHUP to {@link #reload()} and SIGUSR1 to {@link #dumpState()}; the JVM's default for
     * both is to exit, and fleet's users sent them to a running fleetd.
     */
    void handleSignals() {
        Signal.handle(new Signal("HUP"), s -> new Thread(this::reload, "fleetd-reload").start());
        Signal.handle(new Signal("USR1"), s -> dumpState());
    }

    /** Logs the running daemon's state dump (fleetd's stdout goes to the journal). */
    void dumpState() {
        Service d;
        synchronized (this) {
            d = running;
        }
        LOG.info("state dump: {}", d == null ? "{\"daemon\":\"not running\"}" : d.stateDump());
    }

    void runUntilTerminated() {
        while (true) {
            Service d;
            synchronized (this) {
                if (terminated) {
                    return;
                }
                if (next != null) {
                    current = next;
                    next = null;
                }
                d = daemons.apply(current);
                running = d;
            }
            d.run();
            synchronized (this) {
                running = null;
                if (terminated || next == null) {
                    return;
                }
            }
            LOG.info("fleetd restarting with the reloaded configuration; units keep running");
        }
    }

    /** Re-reads the configuration; swaps the daemon only for a valid, changed one. */
    void reload() {
        FleetConfig loaded;
        try {
            loaded = source.load();
        } catch (ConfigException e) {
            LOG.error("reload refused, still running with the previous configuration: {}", e.getMessage());
            return;
        }
        Service stopping;
        synchronized (this) {
            if (terminated) {
                return;
            }
            if (loaded.equals(next == null ? current : next)) {
                LOG.info("reload: the configuration has not changed");
                return;
            }
            LOG.info("reload: configuration changed to {}", loaded);
            next = loaded;
            stopping = running;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** SIGTERM/SIGINT: stop the running daemon and start no other. */
    void terminate() {
        Service stopping;
        synchronized (this) {
            terminated = true;
            stopping = running;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }
}
