package fleet.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.etcd.jetcd.Client;

/**
 * The registry over etcd v3. It implements each caller's port: {@link UnitCatalog} for the API,
 * {@link EngineStore} for the engine, {@link AgentStore} for the agent; fleetd hands each only its
 * own. Calls block for at most {@code etcd_request_timeout} and then fail with
 * {@link RegistryUnavailableException}. The jetcd client stays the caller's to close.
 */
public final class EtcdRegistry implements UnitCatalog, EngineStore, AgentStore, AutoCloseable {
    public static final String DEFAULT_PREFIX = "/_coreos.com/fleet/";

    private final Etcd etcd;
    private final Client owned;
    private final UnitStore units;
    private final SnapshotReader snapshots;
    private final MoveStore moves;
    private final DecisionWriter placements;
    private final MachineStore machines;
    private final StateStore states;
    private final UnitDetailReader details;

    public EtcdRegistry(Client client, String keyPrefix, Duration requestTimeout) {
        this(client, keyPrefix, requestTimeout, false, RegistryMetrics.NONE);
    }

    private EtcdRegistry(Client client, String keyPrefix, Duration requestTimeout, boolean owns,
            RegistryMetrics metrics) {
        this.etcd = new Etcd(client, keyPrefix, requestTimeout, metrics);
        this.owned = owns ? client : null;
        this.units = new UnitStore(etcd);
        this.snapshots = new SnapshotReader(etcd);
        this.placements = new DecisionWriter(etcd);
        this.machines = new MachineStore(etcd);
        this.states = new StateStore(etcd);
        this.moves = new MoveStore(etcd);
        this.details = new UnitDetailReader(etcd);
    }

    /** A registry on a client of its own to {@code connection}; {@link #close()} closes it. */
    public static EtcdRegistry connect(EtcdConnection connection, String keyPrefix, Duration requestTimeout) {
        return connect(connection, keyPrefix, requestTimeout, RegistryMetrics.NONE);
    }

    /** A registry that reports its etcd requests and watch resyncs to {@code metrics}. */
    public static EtcdRegistry connect(EtcdConnection connection, String keyPrefix, Duration requestTimeout,
            RegistryMetrics metrics) {
        return new EtcdRegistry(EtcdClients.build(connection, requestTimeout), keyPrefix, requestTimeout, true,
                metrics);
    }

    /** This machine's candidacy for the engine role (see {@link EngineLeadership}); not started yet. */
    public EngineLeadership candidate(String machineId, Duration leaseTtl, boolean disabled, LeadershipListener listener) {
        return new EngineLeadership(etcd.client(), etcd.prefix(), machineId, leaseTtl, etcd.timeout(),
                EngineVersionGuard.CURRENT_VERSION, disabled, listener);
    }

    /** See {@link EngineLeadership#retirePredecessor}. */
    public void retirePredecessor(String machineId, long ownLease) {
        EngineLeadership.retirePredecessor(etcd.client(), etcd.prefix(), machineId, ownLease, etcd.timeout());
    }

    @Override
    public MoveStore moves() {
        return moves;
    }

    @Override
    public UnitStore units() {
        return units;
    }

    @Override
    public MachineStore machines() {
        return machines;
    }

    @Override
    public StateStore states() {
        return states;
    }

    @Override
    public RegistrySnapshot snapshot(long revision) {
        return snapshots.snapshot(revision);
    }

    @Override
    public Optional<String> placement(String unit, long revision) {
        return snapshots.placement(unit, revision);
    }

    @Override
    public Optional<UnitReasons> reasons(String unit, long revision) {
        return snapshots.reasons(unit, revision);
    }

    @Override
    public Optional<UnitDetail> unitDetail(String unit) {
        return details.read(unit);
    }

    @Override
    public List<UnitStateRecord> unitStates(String unit, String machineId, long revision) {
        return states.list(unit, machineId, revision);
    }

    @Override
    public Map<String, MachineInfo> machineList(long revision) {
        return machines.list(revision);
    }

    /** Reads everything from etcd at each {@link ClusterFeed#picture()}; signals no changes (it watches nothing). */
    @Override
    public ClusterFeed feed() {
        return new ClusterFeed() {
            @Override
            public ClusterPicture picture() {
                return CatalogState.read(etcd, 0).picture();
            }

            @Override
            public AutoCloseable onChange(Runnable listener) {
                return () -> {};
            }
        };
    }

    /**
     * The API's catalog served from memory ({@link CatalogCache}): read in full at its first read, then
     * kept current by a watch. The caller closes it (before this registry's client).
     */
    public CatalogCache catalogCache() {
        return CatalogCache.create(etcd, this, Clock.systemUTC());
    }

    @Override
    public MachineSchedule machineSchedule(String machineId) {
        return snapshots.machineSchedule(machineId);
    }

    @Override
    public Map<String, String> metadataOf(MachineInfo self) {
        return machines.metadataOf(self);
    }

    @Override
    public void publishStates(MachinePresence presence, List<UnitStateRecord> published, List<String> removed) {
        states.publishAll(presence, published, removed);
    }

    @Override
    public void publishFailures(MachinePresence presence, Map<String, List<Long>> failedAt, List<String> removed) {
        states.publishFailures(presence, failedAt, removed);
    }

    @Override
    public void publishCompletion(CompletionRecord completion) {
        states.publishCompletion(completion);
    }

    @Override
    public EngineView newView() {
        return new EtcdEngineView(etcd);
    }

    @Override
    public PlacementResult apply(Fence fence, List<PlacementOp> ops) {
        return placements.apply(fence, ops);
    }

    @Override
    public PlacementStream stream(Fence fence) {
        return placements.stream(fence);
    }

    /** Registers this machine on a new lease of {@code ttl} ({@code agent_ttl}) and keeps it alive. */
    public Presence register(MachineInfo machine, Duration ttl, PresenceListener listener) {
        return Presence.register(etcd, machine, ttl, listener, 0, new EtcdContact(Clock.systemUTC()));
    }

    /**
     * Like {@link #register(MachineInfo, Duration, PresenceListener)}, but first tries to take over
     * {@code previousLease}, the lease this host's previous fleetd left alive on a graceful stop, and
     * reports every keep-alive's outcome to {@code contact}.
     */
    public Presence resume(MachineInfo machine, Duration ttl, PresenceListener listener, long previousLease,
            EtcdContact contact) {
        return Presence.register(etcd, machine, ttl, listener, previousLease, contact);
    }

    @Override
    public WatchHandle watch(String prefix, long fromRevision, WatchListener listener) {
        return RegistryWatch.start(etcd, prefix, fromRevision, listener);
    }

    @Override
    public long revision() {
        return etcd.currentRevision();
    }

    /** Closes the client when this registry made it ({@link #connect}); otherwise it stays the caller's. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
