package fleet.schedule;

import fleet.constraint.Candidate;
import fleet.constraint.Constraints;
import fleet.constraint.Resources;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Finds the machine for one unit, or none. Pinned units (MachineID) and followers of a placed
 * unit (MachineOf) have one candidate; the others walk the machines of the metadata classes they
 * accept in the strategy's order and take the first one no checker vetoes.
 */
final class Placer {
    /** Random probes before RANDOM falls back to listing every feasible machine. */
    private static final int RANDOM_PROBES = 32;

    record Choice(MachineSlot slot, String reason) {
    }

    private final ClusterState state;
    private final Constraints constraints;
    private final Strategy strategy;
    private final SplittableRandom random;

    Placer(ClusterState state, Constraints constraints, Strategy strategy, SplittableRandom random) {
        this.state = state;
        this.constraints = constraints;
        this.strategy = strategy;
        this.random = random;
    }

    Optional<Choice> choose(Unit u) {
        Candidate c = u.candidate();
        Optional<String> pinned = u.requirements().machineId();
        if (pinned.isPresent()) {
            return firstFit(c, state.machinesWithId(pinned.get()), "MachineID=" + pinned.get());
        }
        Optional<MachineSlot> leaderHost = leaderHost(u);
        if (leaderHost != null) {
            return leaderHost.flatMap(s -> firstFit(c, List.of(s),
                    "MachineOf=" + String.join(" ", u.requirements().machineOf())));
        }
        int[] classes = state.classes.eligible(u.requirements().metadata());
        if (classes.length == 0) {
            return Optional.empty();
        }
        return strategy == Strategy.RANDOM ? randomFit(c, classes) : orderedFit(c, classes);
    }

    /**
     * The one machine all placed MachineOf targets share; empty if they are apart or one is not
     * placed; null if the unit follows no placed non-global unit (only global ones, or none).
     */
    private Optional<MachineSlot> leaderHost(Unit u) {
        MachineSlot host = null;
        for (String leader : u.requirements().machineOf()) {
            Unit l = state.units.get(leader);
            if (l != null && l.global()) {
                continue;
            }
            Optional<MachineSlot> at = state.placementOf(leader);
            if (at.isEmpty() || (host != null && host != at.get())) {
                return Optional.empty();
            }
            host = at.get();
        }
        return host == null ? null : Optional.of(host);
    }

    private Optional<Choice> firstFit(Candidate c, List<MachineSlot> slots, String why) {
        for (MachineSlot s : slots) {
            if (constraints.firstVeto(c, s).isEmpty()) {
                return Optional.of(new Choice(s, why));
            }
        }
        return Optional.empty();
    }

    private Optional<Choice> orderedFit(Candidate c, int[] classes) {
        Iterator<MachineSlot> it = state.order.walk(classes, c);
        while (it.hasNext()) {
            MachineSlot s = it.next();
            if (constraints.firstVetoBesidesMetadata(c, s).isEmpty()) {
                return Optional.of(new Choice(s, strategy == Strategy.BINPACK
                        ? "fullest machine it fits on (" + Resources.formatBytes(s.free().memoryBytes())
                                + " memory free)"
                        : "least loaded machine it may run on (" + s.load() + " units)"));
            }
        }
        return Optional.empty();
    }

    /** Uniform over feasible machines: rejection sampling, then (rarely) a full listing. */
    private Optional<Choice> randomFit(Candidate c, int[] classes) {
        int total = 0;
        for (int cls : classes) {
            total += state.classes.members(cls).size();
        }
        for (int probe = 0; probe < RANDOM_PROBES && total > 0; probe++) {
            MachineSlot s = nth(classes, random.nextInt(total));
            if (constraints.firstVetoBesidesMetadata(c, s).isEmpty()) {
                return Optional.of(new Choice(s, "random machine it may run on"));
            }
        }
        List<MachineSlot> feasible = new ArrayList<>();
        for (int cls : classes) {
            for (MachineSlot s : state.classes.members(cls)) {
                if (constraints.firstVetoBesidesMetadata(c, s).isEmpty()) {
                    feasible.add(s);
                }
            }
        }
        if (feasible.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(feasible.get(random.nextInt(feasible.size())),
                "random machine it may run on (1 of " + feasible.size() + ")"));
    }

    private MachineSlot nth(int[] classes, int n) {
        for (int cls : classes) {
            List<MachineSlot> members = state.classes.members(cls);
            if (n < members.size()) {
                return members.get(n);
            }
            n -= members.size();
        }
        throw new IllegalStateException("index beyond eligible machines");
    }
}
