package fleet.systemd;

import java.util.List;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/**
 * The part of {@code org.freedesktop.systemd1.Manager} that fleet uses, bound by hand for dbus-java
 * (method names and signatures are systemd's, see org.freedesktop.systemd1(5)).
 */
@DBusInterfaceName(SystemdManagerBus.INTERFACE)
public interface SystemdManagerBus extends DBusInterface {
    String INTERFACE = "org.freedesktop.systemd1.Manager";
    String SERVICE = "org.freedesktop.systemd1";
    String PATH = "/org/freedesktop/systemd1";

    /** LinkUnitFiles(as files, b runtime, b force) → a(sss) changes. */
    List<UnitFileChange> LinkUnitFiles(List<String> files, boolean runtime, boolean force);

    /** EnableUnitFiles(as files, b runtime, b force) → (b carries_install_info, a(sss) changes). */
    EnableUnitFilesReply EnableUnitFiles(List<String> files, boolean runtime, boolean force);

    /** DisableUnitFiles(as files, b runtime) → a(sss) changes. */
    List<UnitFileChange> DisableUnitFiles(List<String> files, boolean runtime);

    void Reload();

    DBusPath StartUnit(String name, String mode);

    DBusPath StopUnit(String name, String mode);

    void ResetFailedUnit(String name);

    /** ListUnitsByNames(as names) → a(ssssssouso), systemd ≥ 230. */
    List<UnitListEntry> ListUnitsByNames(List<String> names);

    DBusPath GetUnit(String name);

    void Subscribe();

    void Unsubscribe();

    /** Reloading(b active): a daemon-reload starts (true) or has finished (false). */
    class Reloading extends DBusSignal {
        private final boolean active;

        public Reloading(String path, boolean active) throws DBusException {
            super(path, active);
            this.active = active;
        }

        public boolean active() {
            return active;
        }
    }

    /** JobRemoved(u id, o job, s unit, s result): a job finished (or was cancelled). */
    class JobRemoved extends DBusSignal {
        private final DBusPath job;
        private final String unit;
        private final String result;

        public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
            super(path, id, job, unit, result);
            this.job = job;
            this.unit = unit;
            this.result = result;
        }

        public DBusPath job() {
            return job;
        }

        public String unit() {
            return unit;
        }

        public String result() {
            return result;
        }
    }
}
