package fleet.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What this fleetd has seen of its own connection to etcd: whether it is cut off now, and when it
 * last got back in touch after being cut off. Presence (whose keep-alive runs every agent_ttl/3)
 * and the engine report into it; the engine reads it to tell an etcd outage, which every machine
 * lives through at once, from machines that really died (see {@code MachineLossGuard}).
 *
 * <p>A lease of our own that expired while this process kept running is also an outage: either etcd
 * stopped answering or this process was stopped, and in both cases the other machines' leases may
 * have expired with ours.
 */
public final class EtcdContact {
    private final Clock clock;
    private Instant cutOffSince;
    private Instant regainedAt;
    private Instant lastAnswer;

    public EtcdContact(Clock clock) {
        this.clock = clock;
    }

    /** A request to etcd failed for want of an answer, or our lease was found expired. */
    public synchronized void lost() {
        if (cutOffSince == null) {
            cutOffSince = clock.instant();
        }
    }

    /** etcd answered. */
    public synchronized void answered() {
        lastAnswer = clock.instant();
        if (cutOffSince != null) {
            cutOffSince = null;
            regainedAt = clock.instant();
        }
    }

    /** Since when etcd has not answered, while it does not. */
    public synchronized Optional<Instant> cutOffSince() {
        return Optional.ofNullable(cutOffSince);
    }

    /**
     * When etcd last answered. Presence reports every keep-alive, so the machine's lease in etcd
     * expires at the latest agent_ttl after this (etcd took the keep-alive before we got its answer).
     */
    public synchronized Optional<Instant> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    /** When etcd answered again after the latest outage this process saw, if it ever saw one. */
    public synchronized Optional<Instant> regainedAt() {
        return Optional.ofNullable(regainedAt);
    }
}
