package fleet.systemd;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What the agent asks of systemd on its host (fleet v1's {@code systemd/manager.go}): link and enable
 * unit files at runtime, reload, start and stop units, and learn their states from signals plus an
 * occasional bulk read. The real implementation talks D-Bus ({@link DbusSystemdManager}); fakes of
 * this interface are only for testing the logic above it. Every method throws
 * {@link SystemdException} when systemd refuses or cannot be reached.
 */
public interface SystemdManager extends AutoCloseable {

    /** Links a unit file into {@code /run/systemd/system} (LinkUnitFiles, runtime, force). Linking again is no error. */
    void linkRuntime(Path unitFile);

    /** Enables units at runtime (EnableUnitFiles, runtime, force): the links their [Install] section asks for. */
    void enableRuntime(List<String> unitNames);

    /** Removes the runtime links of these units (DisableUnitFiles, runtime). */
    void disableRuntime(List<String> unitNames);

    /** daemon-reload: costly (about a quarter second), so call it once per batch of unit-file changes. */
    void reload();

    /** Queues a start job (mode "replace"); the future completes when systemd removes the job. */
    CompletableFuture<JobResult> start(String unitName);

    /** Queues a stop job (mode "replace"); the future completes when systemd removes the job. */
    CompletableFuture<JobResult> stop(String unitName);

    /** Clears a failed state. A unit systemd does not know is not an error. */
    void resetFailed(String unitName);

    /** Current states of these units in one call (ListUnitsByNames); unknown units come back "not-found". */
    Map<String, UnitState> states(Collection<String> unitNames);

    /** The main process of a service as seen from the unit's host, or empty when it has none (or is not loaded). */
    OptionalLong mainPid(String unitName);

    /**
     * Starts delivering unit state changes to the listener (for every unit systemd reports on).
     * Closing the returned handle stops the delivery to this listener.
     */
    AutoCloseable subscribe(UnitStateListener listener);

    /** systemd's major version (252 for "252.36-1~deb12u1"), or 0 when it cannot be read. */
    int version();

    @Override
    void close();
}
