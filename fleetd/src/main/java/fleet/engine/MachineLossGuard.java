package fleet.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which lost machines keep their units for now. A machine is lost when its presence lease
 * is gone while units are placed on it. Normally the engine moves those units at once: the lease
 * already waited agent_ttl. Three situations say the loss is more likely the control plane's than
 * the machine's, and then the machine is <em>held</em> (its units stay placed on it, nothing is
 * placed there anew):
 * <ol>
 * <li><b>This fleetd is cut off from etcd</b>, or got back in touch less than {@code grace} ago:
 *     when etcd paused, restarted or lost quorum, every machine's lease expired at once, and the
 *     agents register again under the same machine IDs within moments of its return.</li>
 * <li><b>Mass loss</b>: more than half of the machines known within one {@code window}
 *     (agent_ttl), and at least two, vanished within that window. Machines rarely die together;
 *     a network or etcd fault often hides them together. This is the brake of Kubernetes' node
 *     lifecycle controller in a "full disruption". The hold lasts {@code grace} after the last
 *     mass loss seen. Losing 1 of 3 machines is a third, and fails over.</li>
 * <li><b>After a hold</b>, machines still missing are released one at a time, one per
 *     {@code window}, oldest loss first, so a cluster coming back is not reshuffled in one pass.
 *     The same rate applies to losses outside a hold: the first one is released at once.</li>
 * </ol>
 * Pure logic with memory: time comes from the caller, nothing here does I/O. One instance per
 * leadership term, used from the engine's loop thread only.
 */
final class MachineLossGuard {
    private final Duration grace;
    private final Duration window;
    /** When each lost machine was first seen missing. */
    private final Map<String, Instant> missingSince = new HashMap<>();
    /** Lost machines whose units the engine may move. */
    private final Set<String> released = new HashSet<>();
    private Set<String> lastLive = Set.of();
    private Instant holdUntil = Instant.MIN;
    private String holdCause = "";
    private Instant lastRelease = Instant.MIN;

    /** @param grace how long to hold after a fault ends (≥ window); @param window agent_ttl */
    MachineLossGuard(Duration grace, Duration window) {
        if (grace.compareTo(window) < 0) {
            throw new IllegalArgumentException("the grace period " + grace + " must be at least agent_ttl " + window);
        }
        this.grace = grace;
        this.window = window;
    }

    /** What the engine may do with lost machines in one pass. */
    record Verdict(Map<String, String> held, List<String> released) {
        static final Verdict NONE = new Verdict(Map.of(), List.of());

        boolean holds(String machine) {
            return held.containsKey(machine);
        }
    }

    /**
     * @param live      machines present now
     * @param holding   machines that have units placed on them
     * @param cutOff    since when this fleetd cannot reach etcd, if it cannot
     * @param regained  when this fleetd last got back in touch with etcd after an outage, if ever
     */
    Verdict assess(Set<String> live, Set<String> holding, Optional<Instant> cutOff, Optional<Instant> regained,
            Instant now) {
        for (String m : lastLive) {
            if (!live.contains(m)) {
                missingSince.putIfAbsent(m, now);
            }
        }
        for (String m : holding) {
            if (!live.contains(m)) {
                missingSince.putIfAbsent(m, now);
            }
        }
        missingSince.keySet().removeIf(m -> live.contains(m)
                || (!holding.contains(m) && missingSince.get(m).isBefore(now.minus(window))));
        released.retainAll(missingSince.keySet());
        lastLive = Set.copyOf(live);

        if (cutOff.isPresent()) {
            hold(now.plus(grace), "etcd has not answered this engine since " + cutOff.get());
        } else if (regained.isPresent() && regained.get().plus(grace).isAfter(now)) {
            hold(regained.get().plus(grace), "etcd was unreachable until " + regained.get());
        }
        long recent = missingSince.values().stream().filter(t -> t.isAfter(now.minus(window))).count();
        if (recent >= 2 && recent * 2 > live.size() + recent) {
            hold(now.plus(grace), recent + " of " + (live.size() + recent) + " machines vanished within "
                    + window.toSeconds() + " s: more likely a network or etcd fault than " + recent + " dead machines");
        }

        List<String> lost = missingSince.keySet().stream().filter(holding::contains)
                .sorted(Comparator.comparing((String m) -> missingSince.get(m)).thenComparing(m -> m)).toList();
        if (lost.isEmpty()) {
            return Verdict.NONE;
        }
        Map<String, String> held = new LinkedHashMap<>();
        List<String> newlyReleased = new ArrayList<>();
        boolean inHold = now.isBefore(holdUntil);
        for (String m : lost) {
            if (released.contains(m)) {
                continue;
            }
            if (inHold) {
                held.put(m, "machine " + m + " lost, its units held: " + holdCause);
            } else if (!now.isBefore(lastRelease.plus(window))) {
                released.add(m);
                newlyReleased.add(m);
                lastRelease = now;
            } else {
                held.put(m, "machine " + m + " lost, its units held: lost machines are released one per "
                        + window.toSeconds() + " s");
            }
        }
        return new Verdict(held, newlyReleased);
    }

    private void hold(Instant until, String cause) {
        if (until.isAfter(holdUntil)) {
            holdUntil = until;
            holdCause = cause;
        }
    }
}
