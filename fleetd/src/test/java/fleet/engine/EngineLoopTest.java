package fleet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fleet.registry.EtcdContact;
import fleet.registry.Fence;
import fleet.registry.InMemoryEngineStore;
import fleet.registry.MachineInfo;
import fleet.schedule.Decision;
import fleet.schedule.Scheduler;
import fleet.loop.SimulatedTime;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/**
 * The engine's loop in simulated time over the in-memory registry: what it does when elected, when a
 * machine is lost, through an etcd outage and its grace period, and across a change of leader. The
 * same rules run against real etcd in {@code EngineTest} and in the lab's fault tests.
 */
class EngineLoopTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration AGENT_TTL = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final SimulatedTime time = new SimulatedTime();
    private final InMemoryEngineStore store = new InMemoryEngineStore();
    private final EtcdContact contact = new EtcdContact(time.clock());
    private Engine engine;

    @BeforeEach
    void startEngine() {
        engine = engine();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void placesEverythingWhenElectedAndANewUnitWithoutWaitingForTheTimer() {
        machines("m1", "m2");
        units("a.service", "b.service");
        engine.onElected(store.elect());
        time.runDue();
        assertThat(store.placements()).containsOnlyKeys("a.service", "b.service");
        assertThat(store.placements().values()).containsExactlyInAnyOrder("m1", "m2");

        store.putUnit("c.service", unit("c"), DesiredState.LAUNCHED);
        time.runDue(); // the watch wakes the loop: no tick has passed
        assertThat(store.placements()).containsKey("c.service");
    }

    @Test
    void aLostMachinesUnitsMoveOnTheNextPass() {
        machines("m1", "m2", "m3");
        units("a.service", "b.service", "c.service");
        engine.onElected(store.elect());
        time.runDue();
        Map<String, String> before = store.placements();
        String lost = before.get("a.service");

        store.removeMachine(lost);
        time.runDue();

        Map<String, String> after = store.placements();
        assertThat(after.get("a.service")).isNotEqualTo(lost);
        before.forEach((unit, machine) -> {
            if (!machine.equals(lost)) {
                assertThat(after.get(unit)).as(unit + " stays").isEqualTo(machine);
            }
        });
    }

    @Test
    void anEtcdOutageMovesNothingAndAMachineStillMissingAfterTheGracePeriodFailsOver() {
        machines("m1", "m2", "m3");
        units("a.service", "b.service", "c.service");
        engine.onElected(store.elect());
        time.runDue();
        Map<String, String> before = store.placements();

        contact.lost(); // etcd stops answering; after agent_ttl every lease has expired
        time.advance(AGENT_TTL);
        store.removeMachine("m1");
        store.removeMachine("m2");
        store.removeMachine("m3");
        time.advance(Duration.ofSeconds(3));
        assertThat(store.placements()).as("cut off: every unit stays").isEqualTo(before);

        contact.answered(); // etcd is back; two agents register again at once, m3 stays away
        machines("m1", "m2");
        time.advance(GRACE.minus(Duration.ofSeconds(1)));
        assertThat(store.placements()).as("within the grace period: nothing moves").isEqualTo(before);

        time.advance(Duration.ofSeconds(2));
        Map<String, String> after = store.placements();
        before.forEach((unit, machine) -> {
            if (machine.equals("m3")) {
                assertThat(after.get(unit)).as(unit + " fails over").isIn("m1", "m2");
            } else {
                assertThat(after.get(unit)).as(unit + " never moved").isEqualTo(machine);
            }
        });
    }

    @Test
    void machinesVanishingTogetherAreHeldThenReleasedOnePerAgentTtl() {
        machines("m1", "m2", "m3", "m4");
        units("a.service", "b.service", "c.service", "d.service");
        engine.onElected(store.elect());
        time.runDue();
        Map<String, String> before = store.placements();

        store.removeMachine("m2");
        store.removeMachine("m3");
        store.removeMachine("m4");
        List<Duration> releasedAt = new ArrayList<>();
        for (int second = 1; second <= 40; second++) {
            time.advance(Duration.ofSeconds(1));
            if (movedFrom(before).size() > releasedAt.size()) {
                assertThat(movedFrom(before)).as("one machine at a time").hasSize(releasedAt.size() + 1);
                releasedAt.add(Duration.ofSeconds(second));
            }
        }
        // held while the losses are recent (one agent_ttl) and the grace period after that
        assertThat(releasedAt).hasSize(3);
        assertThat(releasedAt.get(0)).isGreaterThan(GRACE).isLessThanOrEqualTo(GRACE.plus(AGENT_TTL));
        assertThat(releasedAt.get(1).minus(releasedAt.get(0))).isEqualTo(AGENT_TTL);
        assertThat(releasedAt.get(2).minus(releasedAt.get(1))).isEqualTo(AGENT_TTL);
        assertThat(store.placements().values()).containsOnly("m1");
    }

    @Test
    void aDeposedLeaderWritesNothingAndStandsDownWhileTheNextLeads() {
        machines("m1", "m2");
        units("a.service");
        Fence first = store.elect();
        engine.onElected(first);
        time.runDue();
        int writesOfTheFirstTerm = store.writes();

        Fence second = store.elect(); // the first leader's lease ended behind its back
        store.putUnit("b.service", unit("b"), DesiredState.LAUNCHED);
        time.runDue();
        assertThat(store.placements()).as("the deposed leader's write failed on its fence")
                .doesNotContainKey("b.service");
        assertThat(engine.leading()).isFalse();
        assertThat(store.writes()).isEqualTo(writesOfTheFirstTerm);

        Engine next = engine();
        try {
            next.onElected(second);
            time.runDue();
            assertThat(store.placements()).containsKeys("a.service", "b.service");
            long oldLeadersPasses = engine.passes();
            time.advance(INTERVAL.multipliedBy(5));
            assertThat(engine.passes()).as("the old leader no longer passes").isEqualTo(oldLeadersPasses);
            assertThat(next.passes()).as("the new one does, every interval").isGreaterThanOrEqualTo(5);
        } finally {
            next.close();
        }
    }

    @Test
    void theTimerPassRepairsWhatNoWatchReported() {
        machines("m1");
        engine.onElected(store.elect());
        time.runDue();
        long passes = engine.passes();
        time.advance(INTERVAL.multipliedBy(3));
        assertThat(engine.passes()).isEqualTo(passes + 3);
    }

    @Test
    void reportsItsTermAndEachPassWithTheDecisionsItWrote() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        EngineMetrics recording = new EngineMetrics() {
            @Override
            public void elected(long term, java.time.Instant at) {
                seen.add("elected " + term);
            }

            @Override
            public void passed(Engine.PassTimings timings, EnginePlan plan) {
                seen.add("placed " + plan.decisions().stream().filter(d -> d instanceof Decision.Place).count());
            }

            @Override
            public void deposed() {
                seen.add("deposed");
            }
        };
        engine.close();
        engine = new Engine(store, new EnginePlanner(Scheduler.spread()), INTERVAL, time.thread(), contact,
                new Engine.LossRules(GRACE, AGENT_TTL), recording);
        machines("m1", "m2");
        units("a.service", "b.service");
        Fence won = store.elect();
        engine.onElected(won);
        time.runDue();
        engine.onDeposed();
        time.runDue();

        assertThat(seen).containsExactly("elected " + won.createRevision(), "placed 2", "deposed");
    }

    private Engine engine() {
        return new Engine(store, new EnginePlanner(Scheduler.spread()), INTERVAL, time.thread(), contact,
                new Engine.LossRules(GRACE, AGENT_TTL));
    }

    private Map<String, String> movedFrom(Map<String, String> before) {
        Map<String, String> moved = new HashMap<>();
        store.placements().forEach((unit, machine) -> {
            if (!machine.equals(before.get(unit))) {
                moved.put(unit, machine);
            }
        });
        return moved;
    }

    private void machines(String... ids) {
        for (String id : ids) {
            store.putMachine(new MachineInfo(id, "10.0.0." + id.substring(1), Map.of(), "test", null, false));
        }
    }

    private void units(String... names) {
        for (String n : names) {
            store.putUnit(n, unit(n), DesiredState.LAUNCHED);
        }
    }

    private static UnitFile unit(String description) {
        return UnitFile.of(List.of(new UnitOption("Unit", "Description", description),
                new UnitOption("Service", "ExecStart", "/bin/sleep 1000")));
    }
}
