package fleet.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import fleet.loop.OutageLog;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.NoSuchLeaseException;

/**
 * This machine's presence: {@code machines/<id>} on a lease of TTL {@code agent_ttl}, kept alive every
 * TTL/3. Unit states are published on the same lease, so a dead machine's presence and states vanish
 * in one etcd revision. When the lease is lost (expired while etcd was unreachable, revoked by an
 * operator) the machine registers again on a new lease and tells the {@link PresenceListener}.
 * An unreachable etcd alone is not a loss: the lease may well survive, so only a warning is logged.
 * Every keep-alive tells {@link EtcdContact} whether etcd answered; while it does not, the
 * keep-alive is retried every 250 ms, so that the machine is back within moments of
 * etcd's return.
 */
public final class Presence implements MachinePresence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    static final Duration RETRY = Duration.ofMillis(250);

    private final Etcd etcd;
    private final MachineInfo info;
    private final long ttlSeconds;
    private final PresenceListener listener;
    private final EtcdContact contact;
    private final AtomicBoolean retryQueued = new AtomicBoolean();
    private final LoopThread timer;
    private final OutageLog outage;
    private volatile long lease;
    private volatile boolean lost;

    private Presence(Etcd etcd, MachineInfo info, Duration ttl, PresenceListener listener, EtcdContact contact) {
        this.etcd = etcd;
        this.info = info;
        this.ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        this.listener = listener;
        this.contact = contact;
        this.timer = new DaemonLoopThread("fleet-presence-" + info.id());
        this.outage = new OutageLog(LOG, timer.clock());
    }

    /**
     * Registers {@code info}; {@link MachineConflictException} when another live fleetd has the same ID.
     * With {@code resumeLease} (the lease this same host's previous fleetd left behind on a graceful
     * stop) a restart within the TTL takes over its own registration instead of being refused as a
     * clone, and nothing on the lease (the published states) disappears in between.
     */
    static Presence register(Etcd etcd, MachineInfo info, Duration ttl, PresenceListener listener,
            long resumeLease, EtcdContact contact) {
        Presence p = new Presence(etcd, info, ttl, listener, contact);
        p.lease = resumeLease != 0 && p.resume(resumeLease) ? resumeLease : p.registerOnNewLease();
        contact.answered();
        p.timer.every(Duration.ofMillis(Math.max(100, ttl.toMillis() / 3)), p::tick);
        return p;
    }

    @Override
    public MachineInfo machine() {
        return info;
    }

    /** What this machine's keep-alives have seen of etcd. */
    @Override
    public EtcdContact contact() {
        return contact;
    }

    /** The current lease; it changes after a re-registration. */
    @Override
    public long lease() {
        return lease;
    }

    /** A slow first call can outlive a short lease between grant and put: then try again on a fresh lease. */
    private long registerOnNewLease() {
        for (int attempt = 1; ; attempt++) {
            try {
                return registerOnce();
            } catch (MachineConflictException e) {
                throw e;
            } catch (RegistryException e) {
                if (attempt >= 3 || !isLeaseGone(e)) {
                    throw e;
                }
            }
        }
    }

    private long registerOnce() {
        String key = EtcdKeys.machine(info.id());
        long newLease = etcd.await(etcd.client().getLeaseClient().grant(ttlSeconds), "grant a lease").getID();
        TxnResponse r;
        try {
            r = etcd.commit(List.of(etcd.absent(key)), List.of(etcd.put(key, RegistryJson.write(info), newLease)),
                    List.of(etcd.getOp(key)), "register machine " + info.id());
        } catch (RuntimeException e) {
            revokeQuietly(newLease);
            throw e;
        }
        if (!r.isSucceeded()) {
            revokeQuietly(newLease);
            List<KeyValue> other = r.getGetResponses().get(0).getKvs();
            String ip = "";
            long otherLease = 0;
            if (!other.isEmpty()) {
                otherLease = other.get(0).getLease();
                try {
                    ip = RegistryJson.read(etcd.stored(other.get(0)), MachineInfo.class).publicIP();
                } catch (RegistryException unreadable) {
                    ip = "";
                }
            }
            throw new MachineConflictException(info.id(), ip, otherLease);
        }
        LOG.info("machine {} registered on lease {} (ttl {} s)", info.id(), Long.toHexString(newLease), ttlSeconds);
        return newLease;
    }

    /** Takes over {@code machines/<id>} when it is still held by {@code previous} and that lease is alive. */
    private boolean resume(long previous) {
        String key = EtcdKeys.machine(info.id());
        try {
            List<StoredKey> kvs = etcd.get(key, 0).keys();
            if (kvs.isEmpty() || kvs.get(0).lease() != previous) {
                return false;
            }
            LeaseKeepAliveResponse alive = etcd.await(etcd.client().getLeaseClient().keepAliveOnce(previous),
                    "keep lease alive");
            if (alive.getTTL() <= 0) {
                return false;
            }
            TxnResponse r = etcd.commit(List.of(etcd.modRevision(key, kvs.get(0).modRevision())),
                    List.of(etcd.put(key, RegistryJson.write(info), previous)), List.of(), "resume machine " + info.id());
            if (r.isSucceeded()) {
                LOG.info("machine {} resumed its registration on lease {}", info.id(), Long.toHexString(previous));
            }
            return r.isSucceeded();
        } catch (RegistryException e) {
            LOG.info("machine {}: previous lease {} not resumable ({}); registering anew", info.id(),
                    Long.toHexString(previous), e.getMessage());
            return false;
        }
    }

    private void tick() {
        try {
            if (!lost) {
                LeaseKeepAliveResponse r = etcd.await(etcd.client().getLeaseClient().keepAliveOnce(lease),
                        "keep lease alive");
                lost = r.getTTL() <= 0;
            }
            if (lost) {
                contact.lost(); // our lease expired while we ran: etcd stopped answering, or we were stopped
                LOG.warn("machine {}: lease {} was lost; registering again", info.id(), Long.toHexString(lease));
                lease = registerOnNewLease();
                lost = false;
                listener.onReregistered(lease);
            }
            contact.answered();
            outage.recovered("machine " + info.id() + ": etcd answers the keep-alives again");
        } catch (MachineConflictException e) {
            LOG.error(e.getMessage());
            listener.onRegistrationRefused(e);
        } catch (RegistryUnavailableException e) {
            contact.lost();
            outage.failed("machine {}: {}; keeping units as they are, retrying", info.id(), e.getMessage());
            retrySoon();
        } catch (RegistryException e) {
            if (isLeaseGone(e)) {
                lost = true; // registered again on the next tick
            } else {
                LOG.warn("machine {}: keep-alive failed: {}", info.id(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("machine {}: presence keep-alive failed unexpectedly", info.id(), e);
        }
    }

    private void retrySoon() {
        if (retryQueued.compareAndSet(false, true)) {
            timer.schedule(RETRY, () -> {
                retryQueued.set(false);
                tick();
            });
        }
    }

    private static boolean isLeaseGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchLeaseException || String.valueOf(t.getMessage()).contains("lease not found")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Says in {@code machines/<id>} that this fleetd is stopping (the engine then places nothing new
     * here); the next fleetd on the host registers afresh and clears it. Best effort: a failure only
     * means new units may land here until the lease expires or the next fleetd resumes it.
     */
    public void markStopping() {
        String key = EtcdKeys.machine(info.id());
        try {
            etcd.commit(List.of(etcd.present(key)), List.of(etcd.put(key, RegistryJson.write(info.asStopping()), lease)),
                    List.of(), "mark machine " + info.id() + " stopping");
        } catch (RegistryException e) {
            LOG.warn("machine {}: could not mark it stopping: {}", info.id(), e.getMessage());
        }
    }

    /** Stops keeping the lease alive without revoking it, as a crash would: everything on it expires after the TTL. */
    public void abandon() {
        timer.close(Duration.ZERO);
    }

    /** Leaves the cluster now: revokes the lease, which deletes the presence and every published state. */
    @Override
    public void close() {
        abandon();
        try {
            etcd.await(etcd.client().getLeaseClient().revoke(lease), "revoke lease");
        } catch (RegistryException e) {
            LOG.warn("machine {}: could not revoke lease {} ({}); it expires within {} s", info.id(),
                    Long.toHexString(lease), e.getMessage(), ttlSeconds);
        }
    }

    private void revokeQuietly(long l) {
        try {
            etcd.await(etcd.client().getLeaseClient().revoke(l), "revoke lease");
        } catch (RegistryException e) {
            LOG.debug("could not revoke unused lease {}: {}", Long.toHexString(l), e.getMessage());
        }
    }
}
