package fleet.registry;

import java.time.Duration;

import io.etcd.jetcd.Client;

/**
 * The registry over etcd v3: one entry point handing out the stores. Calls block for at most
 * {@code etcd_request_timeout} and then fail with {@link RegistryUnavailableException}. The jetcd
 * client stays the caller's to close.
 */
public final class EtcdRegistry {
    public static final String DEFAULT_PREFIX = "/_coreos.com/fleet/";

    private final Etcd etcd;
    private final UnitStore units;
    private final SnapshotReader snapshots;
    private final PlacementWriter placements;
    private final MachineStore machines;
    private final StateStore states;
    private final EngineVersion engineVersion;

    public EtcdRegistry(Client client, String keyPrefix, Duration requestTimeout) {
        this.etcd = new Etcd(client, keyPrefix, requestTimeout);
        this.units = new UnitStore(etcd);
        this.snapshots = new SnapshotReader(etcd);
        this.placements = new PlacementWriter(etcd);
        this.machines = new MachineStore(etcd);
        this.states = new StateStore(etcd);
        this.engineVersion = new EngineVersion(etcd);
    }

    public UnitStore units() {
        return units;
    }

    public SnapshotReader snapshots() {
        return snapshots;
    }

    public PlacementWriter placements() {
        return placements;
    }

    public MachineStore machines() {
        return machines;
    }

    public StateStore states() {
        return states;
    }

    public EngineVersion engineVersion() {
        return engineVersion;
    }

    /** Registers this machine on a new lease of {@code ttl} ({@code agent_ttl}) and keeps it alive. */
    public Presence register(MachineInfo machine, Duration ttl, PresenceListener listener) {
        return Presence.register(etcd, machine, ttl, listener, 0, new EtcdContact(java.time.Clock.systemUTC()));
    }

    /**
     * Like {@link #register(MachineInfo, Duration, PresenceListener)}, but first tries to take over
     * {@code previousLease}, the lease this host's previous fleetd left alive on a graceful stop.
     */
    public Presence resume(MachineInfo machine, Duration ttl, PresenceListener listener, long previousLease) {
        return resume(machine, ttl, listener, previousLease, new EtcdContact(java.time.Clock.systemUTC()));
    }

    /** Like the above, reporting every keep-alive's outcome to {@code contact}. */
    public Presence resume(MachineInfo machine, Duration ttl, PresenceListener listener, long previousLease,
            EtcdContact contact) {
        return Presence.register(etcd, machine, ttl, listener, previousLease, contact);
    }

    /** A new, empty engine view: read in full on first use, then kept current (one per leadership term). */
    public EngineView engineView() {
        return new EngineView(etcd);
    }

    /** Watches {@code prefix} (relative, e.g. {@code "schedule/<id>/"}) from {@code fromRevision}. */
    public RegistryWatch watch(String prefix, long fromRevision, WatchListener listener) {
        return RegistryWatch.start(etcd, prefix, fromRevision, listener);
    }

    /** The current etcd revision. */
    public long revision() {
        return etcd.currentRevision();
    }
}
