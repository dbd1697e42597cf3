package fleet.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import fleet.loop.DaemonLoopThread;
import fleet.loop.LoopThread;
import fleet.loop.OutageLog;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * This machine's bid for the engine role, through etcd's Election API (election
 * {@code <prefix>engine/leader}, one key per candidate on the candidate's own lease).
 *
 * <p>Life cycle: {@link #start()} campaigns in the background; when elected the listener gets
 * {@link LeadershipListener#onElected} with a {@link Fence} (the leader key and its create
 * revision); when leadership is lost it gets {@link LeadershipListener#onDeposed} and the
 * candidate campaigns again with a fresh lease. {@link #close()} resigns and revokes the lease so
 * another candidate leads at once. With {@code disable_engine} it never campaigns.
 *
 * <p>{@link #retirePredecessor} retires the candidacies a crashed fleetd of this host left behind
 * (fleetd calls it first thing at start, see its comment), so that when the predecessor crashed
 * while leading, the next candidate leads at once instead of after the dead leader's lease TTL.
 *
 * <h2>What is guaranteed</h2>
 * <ul>
 * <li>etcd hands the election key to one candidate at a time, so at most one <em>fence</em> is
 *     valid at any moment: a write whose transaction compares {@code createRevision(fence.key) ==
 *     fence.createRevision} succeeds only while that leader's key still exists.</li>
 * <li>A leader steps down by itself (calls {@code onDeposed}) when its lease is reported gone, when
 *     its leader key is deleted, or when no keep-alive has been answered for 3/4 of the TTL, which
 *     is normally before etcd expires the lease.</li>
 * <li>A leader that dies without resigning is replaced after at most about one lease TTL.</li>
 * <li>An engine whose version is below the cluster's {@code engine/version} never leads
 *     ({@link EngineVersionGuard}).</li>
 * </ul>
 *
 * <h2>What is not guaranteed</h2>
 * <ul>
 * <li>Belief is not ownership. A paused process (GC, SIGSTOP, a slow disk) or one cut off from
 *     etcd may still <em>believe</em> it leads after its lease expired and another engine was
 *     elected; for up to about a TTL two engines may both think they lead. Leases are not locks.
 *     Only the fence makes this safe: the deposed engine's fenced writes all fail.</li>
 * <li>{@code onDeposed} may come late (it runs after the loss is noticed) and may not come at
 *     all for a process that is frozen. Code must never rely on it for safety; it only stops
 *     wasted work.</li>
 * <li>Fairness: which candidate wins next is etcd's queue order, not the best machine.</li>
 * <li>etcd unavailable for longer than the TTL means no leader, hence no scheduling, until it is
 *     back; running units are not affected.</li>
 * </ul>
 */
public final class EngineLeadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineLeadership.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** Where this candidate stands. */
    public enum State { NEW, DISABLED, REFUSED, CAMPAIGNING, LEADER, CLOSED }

    private final Client client;
    private final ByteSequence electionName;
    private final ByteSequence proposal;
    private final Duration ttl;
    private final Duration timeout;
    private final int version;
    private final boolean disabled;
    private final LeadershipListener listener;
    private final EngineVersionGuard guard;
    private final LoopThread thread;
    private final OutageLog outage;
    private final AtomicBoolean shutDown = new AtomicBoolean();

    // Only touched on `thread`: one campaign at a time, and callbacks of older terms are dropped.
    private long term;
    private long leaseId;
    private Instant lastRenew = Instant.MIN;
    private CloseableClient keepAlive;
    private Watch.Watcher keyWatch;
    private LeaderKey leaderKey;
    private String lastRefusal;
    private boolean closed;
    private volatile State state = State.NEW;
    private volatile Fence fence;

    /**
     * @param leaseTtl       the leader lease TTL (whole seconds; {@code engine_lease_ttl})
     * @param requestTimeout per etcd request ({@code etcd_request_timeout})
     * @param version        this engine's version ({@link EngineVersionGuard#CURRENT_VERSION})
     */
    public EngineLeadership(Client client, String keyPrefix, String machineId, Duration leaseTtl,
                            Duration requestTimeout, int version, boolean disabled, LeadershipListener listener) {
        this.client = client;
        this.electionName = ByteSequence.from(keyPrefix + "engine/leader", UTF_8);
        this.proposal = ByteSequence.from(machineId, UTF_8);
        this.ttl = leaseTtl;
        this.timeout = requestTimeout;
        this.version = version;
        this.disabled = disabled;
        this.listener = listener;
        this.guard = new EngineVersionGuard(client.getKVClient(), keyPrefix, requestTimeout);
        this.thread = new DaemonLoopThread("engine-leadership");
        this.outage = new OutageLog(log, thread.clock());
    }

    public void start() {
        if (disabled) {
            state = State.DISABLED;
            log.info("disable_engine is set: this machine never campaigns for the engine role");
            return;
        }
        onThread(this::attempt);
        thread.every(Duration.ofMillis(Math.max(100, ttl.toMillis() / 10)), this::watchdog);
    }

    public State state() {
        return state;
    }

    /** The fence while we believe we lead; see the class comment for what that belief is worth. */
    public java.util.Optional<Fence> fence() {
        return java.util.Optional.ofNullable(fence);
    }

    private void attempt() {
        if (closed) {
            return;
        }
        long t = ++term;
        try {
            EngineVersionGuard.Verdict verdict = guard.admit(version);
            if (!verdict.mayLead()) {
                refuse(verdict.reason());
                return;
            }
            lastRefusal = null;
            leaseId = client.getLeaseClient().grant(ttl.toSeconds()).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getID();
            lastRenew = thread.clock().instant();
            outage.recovered("campaigning for the engine role again");
            keepAlive = client.getLeaseClient().keepAlive(leaseId, new KeepAliveObserver(t));
            state = State.CAMPAIGNING;
            log.debug("campaigning for the engine role with lease {}", Long.toHexString(leaseId));
            client.getElectionClient().campaign(electionName, leaseId, proposal)
                    .whenComplete((r, e) -> onThread(() -> campaigned(t, r, e)));
        } catch (Exception e) {
            giveUp(t, "cannot campaign for the engine role: " + describe(e), RETRY);
        }
    }

    /**
     * Revokes the leases of the election keys that carry this machine's ID, when they can only be a
     * crashed predecessor's on this host: the caller holds the host lock (no other fleetd runs here),
     * and {@code machines/<id>} is absent or on {@code ownLease}, the presence lease this host's
     * previous fleetd recorded. fleetd campaigns only once its machine is registered, and a
     * registration held by another lease (a clone with the same ID) leaves everything alone.
     */
    public static void retirePredecessor(Client client, String keyPrefix, String machineId, long ownLease,
            Duration timeout) {
        ByteSequence proposal = ByteSequence.from(machineId, UTF_8);
        try {
            var machine = client.getKVClient().get(ByteSequence.from(keyPrefix + "machines/" + machineId, UTF_8))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
            if (!machine.isEmpty() && machine.get(0).getLease() != ownLease) {
                log.info("machines/{} is held by lease {}, not this host's: leaving engine candidacies alone",
                        machineId, Long.toHexString(machine.get(0).getLease()));
                return;
            }
            var kvs = client.getKVClient().get(ByteSequence.from(keyPrefix + "engine/leader/", UTF_8),
                    io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
            for (var kv : kvs) {
                if (kv.getValue().equals(proposal) && kv.getLease() != 0) {
                    client.getLeaseClient().revoke(kv.getLease()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("retired the engine candidacy {} left by this machine's previous fleetd",
                            kv.getKey().toString(UTF_8));
                }
            }
        } catch (Exception e) {
            log.info("could not look for this machine's previous engine candidacy (it expires by itself): {}",
                    describe(e));
        }
    }

    private void campaigned(long t, CampaignResponse response, Throwable error) {
        if (t != term || closed) {
            return; // an older campaign whose lease we already gave up
        }
        if (error != null) {
            giveUp(t, "campaign failed: " + describe(error), RETRY);
            return;
        }
        LeaderKey key = response.getLeader();
        try {
            EngineVersionGuard.Verdict verdict = guard.admit(version);
            if (!verdict.mayLead()) {
                stepDown("refused after election");
                refuse(verdict.reason());
                return;
            }
            // etcd 3.4 can answer a campaign after our lease expired: make sure the key is still ours.
            var kvs = client.getKVClient().get(key.getKey()).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
            if (kvs.isEmpty() || kvs.get(0).getCreateRevision() != key.getRevision()) {
                giveUp(t, "elected, but the leader key is already gone", Duration.ZERO);
                return;
            }
        } catch (Exception e) {
            giveUp(t, "elected, but cannot confirm it: " + describe(e), RETRY);
            return;
        }
        leaderKey = key;
        // Watch from the key's creation so a deletion in between is not missed.
        keyWatch = client.getWatchClient().watch(key.getKey(), WatchOption.builder().withRevision(key.getRevision()).build(),
                Watch.listener(r -> {
                    if (r.getEvents().stream().anyMatch(ev -> ev.getEventType() == WatchEvent.EventType.DELETE)) {
                        onThread(() -> giveUp(t, "the leader key was deleted", Duration.ZERO));
                    }
                }, e -> log.debug("leader key watch: {}", describe(e))));
        fence = new Fence(key.getKey().toString(UTF_8), key.getRevision());
        state = State.LEADER;
        log.info("elected engine leader ({}, revision {}, lease TTL {}s)", fence.key(), fence.createRevision(), ttl.toSeconds());
        notify(() -> listener.onElected(fence));
    }

    private void watchdog() {
        Duration silent = Duration.between(lastRenew, thread.clock().instant());
        if (leaseId != 0 && silent.compareTo(ttl.multipliedBy(3).dividedBy(4)) > 0) {
            giveUp(term, "no keep-alive answered for " + silent.toMillis() + " ms of a " + ttl.toSeconds() + " s lease",
                    Duration.ZERO);
        }
    }

    /** Leaves the current campaign or leadership and tries again after {@code delay}. */
    private void giveUp(long t, String why, Duration delay) {
        if (t != term || closed) {
            return;
        }
        if (state != State.LEADER) {
            outage.failed("{}; retrying in {} ms", why, delay.toMillis());
        }
        stepDown(why);
        thread.schedule(delay, this::attempt);
    }

    private void refuse(String reason) {
        state = State.REFUSED;
        if (!reason.equals(lastRefusal)) {
            log.warn("not campaigning for the engine role: {}", reason);
            lastRefusal = reason;
        }
        thread.schedule(ttl, this::attempt);
    }

    /** Drops lease, watch and fence; revoking the lease deletes our election key at once. */
    private void stepDown(String why) {
        term++;
        boolean wasLeader = state == State.LEADER;
        fence = null;
        leaderKey = null;
        if (keyWatch != null) {
            keyWatch.close();
            keyWatch = null;
        }
        if (keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
        if (leaseId != 0) {
            try {
                client.getLeaseClient().revoke(leaseId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("could not revoke lease {} (it expires by itself): {}", Long.toHexString(leaseId), describe(e));
            }
            leaseId = 0;
        }
        state = closed ? State.CLOSED : State.CAMPAIGNING;
        if (wasLeader) {
            log.warn("engine leadership lost: {}", why);
            notify(listener::onDeposed);
        }
    }

    /** Resigns (if leading), revokes the lease and stops campaigning. Idempotent. */
    @Override
    public synchronized void close() {
        if (shutDown.getAndSet(true)) {
            return;
        }
        if (disabled || state == State.NEW) {
            state = State.CLOSED;
            thread.close(Duration.ZERO);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            if (!closed) {
                if (leaderKey != null) {
                    try {
                        client.getElectionClient().resign(leaderKey).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        log.debug("resign failed (revoking the lease instead): {}", describe(e));
                    }
                }
                closed = true;
                stepDown("resigned: shutting down");
            }
            done.complete(null);
        });
        try {
            done.get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("engine leadership did not shut down cleanly: {}", describe(e));
        }
        state = State.CLOSED;
        thread.close(Duration.ZERO);
    }

    private void onThread(Runnable r) {
        thread.execute(r); // after close(), late etcd callbacks are dropped: nothing left to do
    }

    private static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("leadership listener failed", e);
        }
    }

    private static String describe(Throwable e) {
        Throwable c = e instanceof ExecutionException || e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        if (c == null) {
            return String.valueOf(e);
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Relays jetcd's keep-alive stream onto our thread, tagged with the campaign it belongs to. */
    private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {
        private final long t;

        KeepAliveObserver(long t) {
            this.t = t;
        }

        @Override
        public void onNext(LeaseKeepAliveResponse r) {
            Instant now = thread.clock().instant();
            onThread(() -> {
                if (t == term) {
                    lastRenew = now;
                }
            });
        }

        @Override
        public void onError(Throwable e) {
            if (e instanceof EtcdException ee && ee.getErrorCode() == ErrorCode.NOT_FOUND) {
                onThread(() -> giveUp(t, "the lease expired", Duration.ZERO));
            } else {
                // jetcd reopens the stream itself; the watchdog steps down if renewals stay away
                log.debug("keep-alive stream error: {}", describe(e));
            }
        }

        @Override
        public void onCompleted() {
            onThread(() -> giveUp(t, "keep-alive deadline passed", Duration.ZERO));
        }
    }
}
