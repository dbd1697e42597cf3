package fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fleet.registry.EtcdRegistry;
import fleet.registry.UnitReasons;

/**
 * Many machines lost at once (their leases revoked), then watched for a while: which of their
 * units the engine moved (placed on a live machine and running there), when, and what it says
 * about the others. The rule to check it against is fleet.engine.MachineLossGuard's: a loss of at
 * most half the machines is no mass loss, and lost machines are released one per agent_ttl, the
 * first at once.
 */
final class MassLoss {
    /**
     * @param lostUnits      units placed on the lost machines when they went
     * @param decisions      seconds from the loss until each "machine X is lost: moving its units" in fleetd's log
     * @param releases       seconds from the loss until each released machine's first unit was placed elsewhere, in order
     * @param firstRunning   seconds from the loss until the first lost unit ran elsewhere (NaN: none did)
     * @param movedRunning   lost units running on a live machine at the end of the window
     * @param movedStarting  lost units placed on a live machine but not (yet) running there
     * @param perMachine     the fewest and the most units a lost machine had
     * @param collateral     units of live machines that were placed anew meanwhile (should be 0)
     * @param heldReason     what the engine says about a unit still on a lost machine (empty if none)
     */
    record Result(int machines, int lostUnits, List<Double> decisions, List<Double> releases, double firstRunning, int movedRunning,
            int movedStarting, int[] perMachine, int collateral, String heldReason, Duration window) {
        /**
         * Machines the rule releases within the window: the first at once, then one per agent_ttl; the
         * last may fall just past the window's end, so at least this many less one.
         */
        int expectedReleases(Duration agentTtl) {
            return (int) Math.min(machines, window.toMillis() / agentTtl.toMillis() + 1);
        }

        double medianReleaseInterval() {
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < releases.size(); i++) {
                gaps.add(releases.get(i) - releases.get(i - 1));
            }
            return Stats.median(gaps);
        }
    }

    private MassLoss() {}

    static Result run(List<SimulatedAgent> lost, ClusterObserver observer, EtcdRegistry registry, FleetdProcess fleetd,
            Duration window) throws Exception {
        Set<String> gone = new HashSet<>();
        lost.forEach(a -> gone.add(a.id()));
        Map<String, String> before = observer.placements();
        List<String> lostUnits = before.entrySet().stream().filter(e -> gone.contains(e.getValue())).map(Map.Entry::getKey).toList();
        long start = System.nanoTime();
        SimulatedCluster.lose(lost);
        Thread.sleep(window.toMillis());

        List<Double> releases = new ArrayList<>();
        int[] perMachine = {Integer.MAX_VALUE, 0};
        for (String machine : gone) {
            int had = (int) before.values().stream().filter(machine::equals).count();
            perMachine[0] = Math.min(perMachine[0], had);
            perMachine[1] = Math.max(perMachine[1], had);
            before.entrySet().stream().filter(e -> e.getValue().equals(machine))
                    .filter(e -> movedAway(observer, gone, e.getKey()))
                    .mapToLong(e -> observer.placedAt(e.getKey())).min()
                    .ifPresent(t -> releases.add((t - start) / 1e9));
        }
        Collections.sort(releases);
        List<Double> decisions = fleetd.logLines("is lost: moving its units", start).stream()
                .map(l -> (l.nanos() - start) / 1e9).toList();
        int movedRunning = 0;
        int movedStarting = 0;
        double firstRunning = Double.NaN;
        String heldReason = "";
        for (String unit : lostUnits) {
            if (movedAway(observer, gone, unit) && observer.isRunning(unit)) {
                movedRunning++;
                double s = (observer.runningSince(unit) - start) / 1e9;
                firstRunning = Double.isNaN(firstRunning) ? s : Math.min(firstRunning, s);
            } else if (movedAway(observer, gone, unit)) {
                movedStarting++;
            } else if (heldReason.isEmpty()) {
                heldReason = registry.reasons(unit, 0).map(UnitReasons::summary).orElse("(no reason published)");
            }
        }
        int collateral = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!gone.contains(e.getValue()) && observer.placedAt(e.getKey()) > start) {
                collateral++;
            }
        }
        return new Result(lost.size(), lostUnits.size(), decisions, releases, firstRunning, movedRunning, movedStarting, perMachine, collateral, heldReason, window);
    }

    private static boolean movedAway(ClusterObserver observer, Set<String> gone, String unit) {
        String now = observer.placementOf(unit);
        return now != null && !gone.contains(now);
    }
}
