package fleet.schedule;

import static fleet.schedule.Fixtures.machine;
import static fleet.schedule.Fixtures.snapshot;
import static fleet.schedule.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerStrategyTest {

    private static ClusterSnapshot cluster() {
        List<Machine> machines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            machines.add(machine("m" + i, "role=" + (i % 2 == 0 ? "even" : "odd")));
        }
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            units.add(i % 3 == 0 ? unit("u" + i + ".service", "MachineMetadata=role=even") : unit("u" + i + ".service"));
        }
        return snapshot(machines, units);
    }

    private static Map<String, String> placements(Plan p) {
        return p.places().stream().collect(Collectors.toMap(Decision.Place::unit, Decision.Place::machine));
    }

    @Test
    void randomIsDeterministicForASeedAndDiffersAcrossSeeds() {
        ClusterSnapshot s = cluster();
        Map<String, String> a = placements(new Scheduler(Strategy.RANDOM, 1).plan(s));
        assertThat(placements(new Scheduler(Strategy.RANDOM, 1).plan(s))).isEqualTo(a);
        assertThat(placements(new Scheduler(Strategy.RANDOM, 2).plan(s))).isNotEqualTo(a);
        assertThat(a).hasSize(60);
        // metadata still holds under RANDOM
        a.forEach((u, m) -> {
            if (Integer.parseInt(u.substring(1, u.indexOf('.'))) % 3 == 0) {
                assertThat(Integer.parseInt(m.substring(1)) % 2).as(u).isZero();
            }
        });
    }

    @Test
    void spreadEvensOutAndBinpackStacks() {
        ClusterSnapshot s = cluster();
        Map<String, Long> spread = placements(Scheduler.spread().plan(s)).values().stream()
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        assertThat(spread).hasSize(10);
        // greedy in name order, with a third of the units limited to the even machines
        assertThat(java.util.Collections.max(spread.values()) - java.util.Collections.min(spread.values()))
                .isLessThanOrEqualTo(2);
        Map<String, Long> binpack = placements(new Scheduler(Strategy.BINPACK, 0).plan(s)).values().stream()
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        // unbounded machines: binpack keeps choosing the fullest, so everything shares one even machine
        assertThat(binpack).containsOnlyKeys("m0");
    }

    @Test
    void badSnapshotsAreRefusedWithAClearMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot(List.of(machine("m1"), machine("m1")), List.of()))
                .hasMessage("machine m1 appears twice in the snapshot");
    }
}
