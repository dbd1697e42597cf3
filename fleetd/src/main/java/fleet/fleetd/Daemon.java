package fleet.fleetd;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import fleet.agent.Agent;
import fleet.agent.AgentSettings;
import fleet.api.ApiServer;
import fleet.api.ApiStartException;
import fleet.api.ApiSettings;
import fleet.api.LocalUnitInspector;
import fleet.config.FleetConfig;
import fleet.config.MachineIdentity;
import fleet.engine.Engine;
import fleet.loop.DaemonLoopThread;
import fleet.metrics.FleetMetrics;
import fleet.registry.CatalogCache;
import fleet.registry.EngineLeadership;
import fleet.engine.EnginePlanner;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdContact;
import fleet.registry.EtcdRegistry;
import fleet.registry.JulBridge;
import fleet.registry.MachineConflictException;
import fleet.registry.MachineInfo;
import fleet.registry.Presence;
import fleet.registry.PresenceListener;
import fleet.registry.RegistryException;
import fleet.schedule.Scheduler;
import fleet.schedule.Strategy;
import fleet.systemd.DbusSystemdManager;
import fleet.systemd.SystemdManager;

/**
 * One fleetd: registers this machine, runs the agent, and stands as an engine candidate. Stopping
 * it (SIGTERM) resigns leadership at once and leaves every unit running: the presence lease is
 * kept alive in etcd until its TTL and handed to the next fleetd on this host. The lease file is
 * written as soon as the machine registers, so a fleetd that crashed hands its lease on too: the
 * next one holds the {@link HostLock}, which proves the crashed one gone.
 */
final class Daemon implements Reloader.Service {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final FleetConfig cfg;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final EtcdContact contact = new EtcdContact(Clock.systemUTC());
    private final LeaseFile leaseFile;
    /** What run() started, in start order; stop() closes it in reverse. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final FleetMetrics metrics = new FleetMetrics();
    private volatile boolean stopping;
    private ApiServer api;
    private volatile Agent agent;
    private volatile Presence presence;
    private volatile EngineLeadership leadership;

    Daemon(FleetConfig cfg) {
        this.cfg = cfg;
        this.leaseFile = new LeaseFile(cfg.unitsDirectory());
    }

    @Override
    public void run() {
        JulBridge.install();
        String machineId = MachineIdentity.read(cfg.machineIdFile()).machineId();
        LOG.info("fleetd {} starting as machine {} ({}), config {}", Version.current(), machineId, cfg.publicIp(), cfg);
        EtcdRegistry registry = EtcdRegistry.connect(connection(), cfg.etcdKeyPrefix(), cfg.etcdRequestTimeout(),
                metrics.registry());
        if (!keep(registry::close)) {
            return;
        }
        // first of all: a crashed predecessor that led hands the engine on now, not after its lease TTL
        registry.retirePredecessor(machineId, leaseFile.read());
        // the API answers at once, with 503 until this machine has registered (fleet's behaviour)
        CatalogCache catalog = registry.catalogCache();
        if (!keep(catalog::close)) {
            return;
        }
        metrics.countUnits(catalog, machineId);
        api = new ApiServer(ApiSettings.from(cfg, Version.current(), machineId), catalog, new LocalUnitInspector(),
                metrics.api(), strategy());
        try {
            api.start();
        } catch (ApiStartException e) {
            throw new StartupException(e.getMessage(), e);
        }
        if (!keep(api::close)) {
            return;
        }
        // without an agent the machine still registers (the engine's contact with etcd and its candidacy
        // rest on the presence) but as one taking no units: the flag a stopping fleetd sets
        MachineInfo me = new MachineInfo(machineId, cfg.publicIp(), cfg.metadata(), Version.current(),
                MachineCapacity.detect(), cfg.disableEngine(), apiEndpoint(), cfg.disableAgent());
        Presence registered = register(registry, me);
        if (registered == null || !keep(() -> {
            registered.markStopping();
            registered.abandon();
            leaseFile.write(registered.lease());
        })) {
            return;
        }
        presence = registered;
        leaseFile.write(registered.lease());
        Engine engine = new Engine(registry, new EnginePlanner(new Scheduler(strategy(), seed(machineId))),
                cfg.engineReconcileInterval(), new DaemonLoopThread("engine"), contact,
                new Engine.LossRules(cfg.engineGracePeriod(), cfg.agentTtl()), metrics.engine());
        if (!keep(engine::close)) {
            return;
        }
        EngineLeadership candidate = registry.candidate(machineId, cfg.engineLeaseTtl(), cfg.disableEngine(), engine);
        candidate.start();
        if (!keep(candidate::close)) {
            return;
        }
        leadership = candidate;
        if (cfg.disableAgent()) {
            LOG.info("disable_agent is set: no agent and no systemd here; this machine takes no units");
        } else if (!startAgent(registry, registered)) {
            return;
        }
        api.setReady(true);
        LOG.info("fleetd running");
        awaitStop();
    }

    /** Connects to systemd and starts the agent; false when stop() came meanwhile. */
    private boolean startAgent(EtcdRegistry registry, Presence registered) {
        SystemdManager systemd = cfg.systemdUser() ? DbusSystemdManager.connectUserBus() : DbusSystemdManager.connectSystemBus();
        if (!keep(systemd::close)) {
            return false;
        }
        Agent a = new Agent(AgentSettings.from(cfg), registry, registered, metrics.timed(systemd), Clock.systemUTC(),
                metrics.agent());
        agent = a;
        a.start();
        return keep(a::close);
    }

    /** SIGUSR1: what this daemon is doing right now. */
    @Override
    public String stateDump() {
        Presence p = presence;
        EngineLeadership l = leadership;
        Agent a = agent;
        return new StateDump(p == null ? Optional.empty() : Optional.of(p.machine()), p == null ? 0 : p.lease(),
                l == null ? "not started" : l.state().name(), a == null ? Optional.empty() : a.lastPass(),
                StateDump.unitFilesIn(cfg.unitsDirectory())).toJson();
    }

    /**
     * Hands a started component to stop(). When stop() has already run (a SIGTERM or a reload during
     * start-up), closes it at once and returns false: run() must then return.
     */
    private boolean keep(AutoCloseable component) {
        synchronized (started) {
            if (!stopping) {
                started.push(component);
                return true;
            }
        }
        closeQuietly(component);
        return false;
    }

    /** Registers this machine, retrying with backoff while etcd is unreachable or the ID is still held. */
    private Presence register(EtcdRegistry registry, MachineInfo me) {
        Duration backoff = Duration.ofSeconds(1);
        long previous = leaseFile.read();
        PresenceListener listener = new PresenceListener() {
            @Override
            public void onReregistered(long newLease) {
                LOG.warn("registered again on lease {} after losing the previous one", Long.toHexString(newLease));
                leaseFile.write(newLease);
                Agent a = agent;
                if (a != null) {
                    a.onReregistered(newLease);
                }
            }
        };
        while (!stopping) {
            try {
                return registry.resume(me, cfg.agentTtl(), listener, previous, contact);
            } catch (MachineConflictException e) {
                LOG.error("{} (retrying in {} s)", e.getMessage(), backoff.toSeconds());
            } catch (RegistryException e) {
                LOG.warn("cannot register with etcd yet: {} (retrying in {} s)", e.getMessage(), backoff.toSeconds());
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        return null;
    }

    /** SIGTERM or a reload: resign, stop the loops, keep the units and the lease (for the next fleetd on this host). */
    @Override
    public void stop() {
        List<AutoCloseable> toClose;
        synchronized (started) {
            if (stopping) {
                return;
            }
            stopping = true;
            toClose = new ArrayList<>(started);
            started.clear();
        }
        LOG.info("fleetd stopping; units keep running");
        toClose.forEach(Daemon::closeQuietly);
        stopped.countDown();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while stopping: {}", e.toString());
        }
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first TCP API listener as other machines reach it (they forward status and journal there). */
    private String apiEndpoint() {
        if (cfg.apiListeners().isEmpty()) {
            return "";
        }
        return cfg.apiListeners().get(0).reachableAt(cfg.publicIp(), api.tcpPort(0));
    }

    private EtcdConnection connection() {
        return new EtcdConnection(cfg.etcdServers().stream().map(Object::toString).toList(),
                cfg.etcdUsername().isEmpty() ? null : cfg.etcdUsername(),
                cfg.etcdUsername().isEmpty() ? null : cfg.etcdPassword(),
                cfg.etcdCaFile().orElse(null), cfg.etcdCertFile().orElse(null), cfg.etcdKeyFile().orElse(null));
    }

    private Strategy strategy() {
        return Strategy.valueOf(cfg.schedulingStrategy().name());
    }

    /** RANDOM differs per leader but is repeatable for one machine, which keeps plans reproducible in tests. */
    private static long seed(String machineId) {
        return machineId.hashCode();
    }

    /** Waits for the backoff, or less when stop() comes meanwhile. */
    private void pause(Duration d) {
        try {
            stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
