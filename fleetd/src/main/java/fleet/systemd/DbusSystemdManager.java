package fleet.systemd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.function.Supplier;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.interfaces.Properties.PropertiesChanged;
import org.freedesktop.dbus.types.UInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;

/**
 * {@link SystemdManager} over D-Bus with a private connection (never dbus-java's shared one, which
 * another component could close). Signal handlers are installed before {@code Subscribe()}, since
 * systemd sends nothing to a client that has not subscribed and anything sent in between would be
 * lost. Listeners run on one thread of their own, in signal order.
 */
public final class DbusSystemdManager implements SystemdManager {
    private static final Logger LOG = LoggerFactory.getLogger(DbusSystemdManager.class);
    private static final String UNIT_INTERFACE = "org.freedesktop.systemd1.Unit";
    private static final String SERVICE_INTERFACE = "org.freedesktop.systemd1.Service";
    // systemd's org.freedesktop.systemd1.NoSuchUnit; dbus-java 5 keeps an error's name only when a Java
    // class of that name exists, so the error is recognised by systemd's fixed message instead
    private static final Pattern NO_SUCH_UNIT = Pattern.compile("Unit \\S+ not loaded\\.?");
    /**
     * StartUnit calls sent and not yet answered, at most. The system bus refuses a connection more
     * than 128 calls awaiting replies (dbus-daemon's max_replies_per_connection): a machine given
     * 200 units at once had the last starts refused. Half of that leaves room for the other calls.
     */
    public static final int MAX_PENDING_STARTS = 64;
    private static final Duration PENDING_START_WAIT = Duration.ofSeconds(30);

    private final DBusConnection connection;
    private final String address;
    private final SystemdManagerBus manager;
    private final JobTracker jobs = new JobTracker();
    private final Semaphore pendingStarts = new Semaphore(MAX_PENDING_STARTS);
    private final UnitStateCache stateCache = new UnitStateCache();
    private volatile boolean closed;
    private final List<UnitStateListener> listeners = new CopyOnWriteArrayList<>();
    private final LoopThread delivery = new DaemonLoopThread("systemd-state-listeners");

    private DbusSystemdManager(DBusConnection connection, String address) throws DBusException {
        this.connection = connection;
        this.address = address;
        this.manager = connection.getRemoteObject(SystemdManagerBus.SERVICE, SystemdManagerBus.PATH,
                SystemdManagerBus.class);
        connection.addSigHandler(SystemdManagerBus.JobRemoved.class,
                s -> jobs.jobRemoved(s.unit(), s.job().getPath(), s.result()));
        connection.addSigHandler(PropertiesChanged.class, this::onPropertiesChanged);
        connection.addSigHandler(SystemdManagerBus.Reloading.class, s -> {
            if (!s.active()) {
                onDeliveryThread(stateCache::forgetLoadStates);
            }
        });
        call("Subscribe", () -> {
            manager.Subscribe();
            return null;
        });
    }

    /** The host's system bus (where fleetd normally talks to systemd). */
    public static DbusSystemdManager connectSystemBus() {
        return open(DBusConnectionBuilder.forSystemBus(), "system bus");
    }

    /** The user's session bus, for a systemd --user instance (fleet's {@code systemd_user} option). */
    public static DbusSystemdManager connectUserBus() {
        return open(DBusConnectionBuilder.forSessionBus(), "user bus");
    }

    /** An explicit bus address, e.g. {@code unix:path=/proc/<pid>/root/run/dbus/system_bus_socket}. */
    public static DbusSystemdManager connect(String busAddress) {
        return open(DBusConnectionBuilder.forAddress(busAddress), busAddress);
    }

    private static DbusSystemdManager open(DBusConnectionBuilder builder, String address) {
        DBusConnection c = null;
        try {
            // one signal thread keeps PropertiesChanged in the order systemd sent them
            c = builder.withShared(false).receivingThreadConfig().withSignalThreadCount(1).connectionConfig().build();
            return new DbusSystemdManager(c, address);
        } catch (DBusException | DBusExecutionException e) {
            if (c != null) {
                c.disconnect();
            }
            throw new SystemdException("cannot connect to systemd on " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void linkRuntime(Path unitFile) {
        if (!unitFile.isAbsolute()) {
            throw new IllegalArgumentException("unit file path must be absolute: " + unitFile);
        }
        List<UnitFileChange> changes = call("LinkUnitFiles " + unitFile,
                () -> manager.LinkUnitFiles(List.of(unitFile.toString()), true, true));
        LOG.debug("linked {}: {}", unitFile, changes);
    }

    @Override
    public void enableRuntime(List<String> unitNames) {
        EnableUnitFilesReply reply = call("EnableUnitFiles " + unitNames,
                () -> manager.EnableUnitFiles(List.copyOf(unitNames), true, true));
        LOG.debug("enabled {}: {}", unitNames, reply.changes);
    }

    @Override
    public void disableRuntime(List<String> unitNames) {
        List<UnitFileChange> changes = call("DisableUnitFiles " + unitNames,
                () -> manager.DisableUnitFiles(List.copyOf(unitNames), true));
        LOG.debug("disabled {}: {}", unitNames, changes);
    }

    @Override
    public void reload() {
        call("Reload", () -> {
            manager.Reload();
            return null;
        });
    }

    /**
     * Sends StartUnit without waiting for its reply, so a batch of starts reaches systemd in one go
     * instead of one round trip each (systemd answers slowly while it forks the previous ones). Once
     * {@value #MAX_PENDING_STARTS} wait for their replies, the caller waits for one of them.
     */
    @Override
    public CompletableFuture<JobResult> start(String unitName) {
        String what = "StartUnit " + unitName;
        awaitStartSlot(what);
        CompletableFuture<String> jobPath = new CompletableFuture<>();
        jobPath.whenComplete((path, e) -> pendingStarts.release());
        return jobs.track(unitName, jobPath, () -> call(what, () -> {
            connection.callWithCallback(manager, "StartUnit", new CallbackHandler<DBusPath>() {
                @Override
                public void handle(DBusPath job) {
                    jobPath.complete(job.getPath());
                }

                @Override
                public void handleError(DBusExecutionException e) {
                    jobPath.completeExceptionally(failure(what, e));
                }
            }, unitName, "replace");
            return null;
        }));
    }

    private void awaitStartSlot(String what) {
        try {
            if (!pendingStarts.tryAcquire(PENDING_START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SystemdException("systemd on " + address + ": " + what + " not sent: " + MAX_PENDING_STARTS
                        + " earlier StartUnit calls still unanswered after " + PENDING_START_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemdException("interrupted before " + what, e);
        }
    }

    @Override
    public CompletableFuture<JobResult> stop(String unitName) {
        return jobs.track(unitName, () -> call("StopUnit " + unitName,
                () -> manager.StopUnit(unitName, "replace").getPath()));
    }

    @Override
    public void resetFailed(String unitName) {
        try {
            manager.ResetFailedUnit(unitName);
        } catch (DBusExecutionException e) {
            if (!isNoSuchUnit(e)) {
                throw failure("ResetFailedUnit " + unitName, e);
            }
        }
    }

    @Override
    public Map<String, UnitState> states(Collection<String> unitNames) {
        if (unitNames.isEmpty()) {
            return Map.of();
        }
        List<UnitListEntry> rows = call("ListUnitsByNames", () -> manager.ListUnitsByNames(new ArrayList<>(unitNames)));
        Map<String, UnitState> states = new LinkedHashMap<>();
        for (UnitListEntry row : rows) {
            states.put(row.name, row.state());
        }
        return states;
    }

    @Override
    public int version() {
        try {
            Object v = properties(SystemdManagerBus.PATH).Get(SystemdManagerBus.INTERFACE, "Version");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v?(\\d+)").matcher(String.valueOf(v));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (DBusException | DBusExecutionException e) {
            return 0;
        }
    }

    @Override
    public OptionalLong mainPid(String unitName) {
        DBusPath unit;
        try {
            unit = manager.GetUnit(unitName);
        } catch (DBusExecutionException e) {
            if (isNoSuchUnit(e)) {
                return OptionalLong.empty();
            }
            throw failure("GetUnit " + unitName, e);
        }
        Object pid = call("MainPID of " + unitName, () -> properties(unit.getPath()).Get(SERVICE_INTERFACE, "MainPID"));
        long value = pid instanceof UInt32 u ? u.longValue() : 0L;
        return value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public AutoCloseable subscribe(UnitStateListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        jobs.abandonAll(new SystemdException("connection to systemd on " + address + " closed"));
        delivery.close(Duration.ZERO);
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing the D-Bus connection to {}", address, e);
        }
    }

    private void onPropertiesChanged(PropertiesChanged signal) {
        if (!UNIT_INTERFACE.equals(signal.getInterfaceName())) {
            return;
        }
        // handled on the delivery thread: a load-state lookup is a bus call, never made on the signal thread
        UnitObjectPath.unitName(signal.getPath()).ifPresent(name ->
                onDeliveryThread(() -> stateCache.update(name, signal.getPropertiesChanged(), this::loadState)
                        .ifPresent(state -> deliver(name, state))));
    }

    private void onDeliveryThread(Runnable task) {
        delivery.execute(() -> { // after close(), signals are dropped
            try {
                task.run();
            } catch (SystemdException e) {
                if (!closed) {
                    LOG.warn("unit state update dropped: {}", e.getMessage());
                }
            }
        });
    }

    private String loadState(String unitName) {
        UnitState s = states(List.of(unitName)).get(unitName);
        return s == null ? "not-found" : s.load();
    }

    private void deliver(String name, UnitState state) {
        for (UnitStateListener l : listeners) {
            try {
                l.stateChanged(name, state);
            } catch (RuntimeException e) {
                LOG.warn("unit state listener failed for {} {}", name, state, e);
            }
        }
    }

    private Properties properties(String objectPath) throws DBusException {
        return connection.getRemoteObject(SystemdManagerBus.SERVICE, objectPath, Properties.class);
    }

    private <T> T call(String what, DbusCall<T> call) {
        try {
            return call.run();
        } catch (DBusException | DBusExecutionException e) {
            throw failure(what, e);
        }
    }

    private static boolean isNoSuchUnit(DBusExecutionException e) {
        return e.getMessage() != null && NO_SUCH_UNIT.matcher(e.getMessage()).matches();
    }

    private SystemdException failure(String what, Exception e) {
        return new SystemdException("systemd on " + address + " refused " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface DbusCall<T> {
        T run() throws DBusException;
    }
}
