/**
 * The systemd edge of the agent: {@link fleet.systemd.SystemdManager} and its D-Bus implementation
 * {@link fleet.systemd.DbusSystemdManager} (dbus-java, native unix socket). The D-Bus bindings of
 * systemd's Manager API are written here by hand ({@link fleet.systemd.SystemdManagerBus}); there is
 * no maintained binding for dbus-java 5.
 */
package fleet.systemd;
