package fleet.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.loop.LoopThread;
import fleet.registry.EtcdContact;
import fleet.systemd.SystemdManager;
import fleet.systemd.UnitState;

/**
 * Keeps the promise of {@code [X-Fleet] AtMostOneCopy=true}: when this machine could not renew its
 * presence for {@link #STOP_AFTER_SHARE} of agent_ttl, it stops those units itself, before the
 * engine may place them elsewhere (Nomad's stop on client disconnect).
 *
 * <p>Timing: the machine's lease in etcd expires at the latest agent_ttl after the last keep-alive
 * that etcd answered, and the engine moves a unit only after it sees that expiry. Stopping at 2/3
 * of agent_ttl leaves agent_ttl/3 for systemd to stop the unit (its {@code TimeoutStopSec=} and
 * kill mode must fit in that), assuming the clocks of this machine and etcd run at the same rate.
 * A machine frozen as a whole (SIGSTOP, a VM paused) cannot stop anything while frozen: then the
 * copy runs on until it thaws, and is stopped at once then.
 *
 * <p>It runs on its own thread because an agent pass may be blocked on etcd exactly when this must act;
 * the units it stopped are handed to the agent's next pass ({@link #drainStopped}), which starts
 * them again once etcd answers and the schedule still places them here.
 */
final class CutOffStopper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CutOffStopper.class);
    static final double STOP_AFTER_SHARE = 2.0 / 3.0;

    private final EtcdContact contact;
    private final SystemdManager systemd;
    private final Clock clock;
    private final Duration stopAfter;
    private final LoopThread thread;
    private volatile Set<String> guarded = Set.of();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();

    CutOffStopper(EtcdContact contact, SystemdManager systemd, Duration agentTtl, LoopThread thread) {
        this.contact = contact;
        this.systemd = systemd;
        this.clock = thread.clock();
        this.thread = thread;
        this.stopAfter = Duration.ofMillis((long) (agentTtl.toMillis() * STOP_AFTER_SHARE));
    }

    void start() {
        thread.every(Duration.ofMillis(Math.max(50, Math.min(250, stopAfter.toMillis() / 8))), this::check);
    }

    /** The units placed here that asked for at most one copy, as of the agent's latest pass. */
    void guard(Set<String> units) {
        guarded = Set.copyOf(units);
    }

    /** Units stopped since the last call: the agent no longer counts them as launched. */
    Set<String> drainStopped() {
        Set<String> out = Set.copyOf(stopped);
        stopped.removeAll(out);
        return out;
    }

    /** Whether the presence has gone unrenewed long enough that guarded units must stop. Pure. */
    static boolean mustStop(Optional<Instant> lastAnswer, Instant now, Duration stopAfter) {
        return lastAnswer.isPresent() && !now.isBefore(lastAnswer.get().plus(stopAfter));
    }

    private void check() {
        Set<String> units = guarded;
        if (units.isEmpty() || !mustStop(contact.lastAnswer(), clock.instant(), stopAfter)) {
            return;
        }
        try {
            var states = systemd.states(units);
            for (String unit : units) {
                UnitState s = states.get(unit);
                if (LocalUnits.running(s)) {
                    LOG.warn("stopping {}: AtMostOneCopy, and this machine's presence was not renewed for {} ms "
                            + "(it may be placed elsewhere after agent_ttl)", unit,
                            Duration.between(contact.lastAnswer().orElseThrow(), clock.instant()).toMillis());
                    systemd.stop(unit).get(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
                    stopped.add(unit);
                }
            }
        } catch (Exception e) {
            LOG.error("could not stop AtMostOneCopy units {} while cut off: {}", units, e.toString());
        }
    }

    @Override
    public void close() {
        thread.close(Duration.ofSeconds(2));
    }
}
