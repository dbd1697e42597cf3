package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.DamageCount;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * Control-plane faults in a 3-machine lab (agent_ttl 5 s, fleetd as fleet.service): what each one
 * costs the workloads, counted in every machine's systemd ({@link DamageCount}). The goals are
 * issue #10's: an etcd pause past agent_ttl moves and restarts nothing; a crashed leader's engine
 * role is taken over within 3 s; a dead machine's units run elsewhere within agent_ttl + 2 s.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneFaultIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static final Duration AGENT_TTL = Duration.ofSeconds(5);
    static final String SLEEPER = "[Service]\nExecStart=/bin/sleep infinity\n";
    static FleetApiClient api;

    @BeforeAll
    static void connect() {
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(3, WAIT);
    }

    @Test
    @Order(1)
    void anEtcdPauseOf20sMovesAndRestartsNothing() throws Exception {
        for (int i = 1; i <= 12; i++) {
            assertThat(api.put("pause-" + i + ".service", UnitFile.parse(SLEEPER), "launched")).isEqualTo(201);
        }
        assertThat(api.put("single.service", UnitFile.parse(SLEEPER + "[X-Fleet]\nAtMostOneCopy=true\n"), "launched"))
                .isEqualTo(201);
        DamageCount damage = new DamageCount(lab.machines(), "pause-*");
        await().atMost(WAIT).ignoreExceptions().until(() -> damage.baseline().size() == 12);
        await().atMost(WAIT).until(() -> runningOn("single.service", lab.machines()).size() == 1);
        LabMachine singleOn = runningOn("single.service", lab.machines()).get(0);
        damage.sample();
        Map<String, Integer> spreadBefore = damage.spread();
        assertThat(spreadBefore).as("spread over the 3 machines").hasSize(3);

        lab.etcdMember(1, "pause");
        boolean singleStopped = false;
        try {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                damage.sample();
                singleStopped |= runningOn("single.service", lab.machines()).isEmpty();
                Thread.sleep(500);
            }
        } finally {
            lab.etcdMember(1, "resume");
        }
        // long enough for every lease to be found expired, every agent to register again and
        // the engine to be elected and pass its grace period (2 x agent_ttl)
        long watchUntil = System.nanoTime() + TestEnv.scaled(Duration.ofSeconds(20)).toNanos();
        while (System.nanoTime() < watchUntil) {
            damage.sample();
            Thread.sleep(300);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.machines()).hasSize(3));
        damage.sample();
        System.out.println("etcd paused 20 s: " + damage);
        assertThat(damage.harm()).as("units moved, restarted, duplicated or lost").isEmpty();
        assertThat(damage.spread()).as("spread kept").isEqualTo(spreadBefore);
        assertThat(singleStopped).as("AtMostOneCopy: stopped by its own agent while cut off from etcd").isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(runningOn("single.service", lab.machines()))
                .as("started again where it was placed").containsExactly(singleOn));
        assertThat(api.destroy("single.service")).isEqualTo(204);
        for (int i = 1; i <= 12; i++) {
            assertThat(api.destroy("pause-" + i + ".service")).isEqualTo(204);
        }
    }

    @Test
    @Order(2)
    void aCrashedLeadersEngineRoleIsTakenOverWithin3s() throws Exception {
        LabMachine leader = leaderMachine();
        long ms = newUnitActiveAfter(leader, "after-crash.service", "systemctl", "kill", "--signal=SIGKILL",
                "fleet.service");
        System.out.println("leader fleetd killed: new unit active after " + ms + " ms");
        assertThat(ms).as("new unit active after the leader's fleetd was killed (goal ≤ 3 s)")
                .isLessThanOrEqualTo(TestEnv.scaled(Duration.ofSeconds(3)).toMillis());
        awaitServing(leader);
    }

    @Test
    @Order(3)
    void aGracefullyStoppedLeaderHandsOverAtOnce() throws Exception {
        LabMachine leader = leaderMachine();
        long ms = newUnitActiveAfter(leader, "after-stop.service", "systemctl", "stop", "fleet.service");
        System.out.println("leader fleetd stopped: new unit active after " + ms + " ms");
        // handing over is the resign (goal ≤ 1 s); placing and starting the unit come on top
        assertThat(ms).as("new unit active after the leader's fleetd stopped").isLessThanOrEqualTo(
                TestEnv.scaled(Duration.ofSeconds(2)).toMillis());
        assertThat(leader.exec("systemctl", "start", "fleet.service").ok()).isTrue();
        awaitServing(leader);
    }

    /**
     * Runs {@code fault} in the leader's machine, submits {@code unit} through another machine (the
     * leader's API may be gone) and returns the milliseconds until systemd runs it; then destroys it.
     */
    static long newUnitActiveAfter(LabMachine leader, String unit, String... fault) throws Exception {
        LabMachine other = lab.machines().stream().filter(m -> m != leader).findFirst().orElseThrow();
        FleetApiClient otherApi = new FleetApiClient(other.ip(), 49153);
        assertThat(leader.exec(fault).ok()).isTrue();
        long t0 = System.nanoTime();
        assertThat(otherApi.put(unit, UnitFile.parse(SLEEPER), "launched")).isEqualTo(201);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() ->
                otherApi.states().stream().anyMatch(s -> s.get("name").equals(unit) && s.get("active").equals("active")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(otherApi.destroy(unit)).isEqualTo(204);
        return ms;
    }

    @Test
    @Order(4)
    void aPartitionedMachinesUnitsRunElsewhereItsSingleCopyStopsFirstAndAfterHealingNothingBouncesBack()
            throws Exception {
        assertThat(api.put("part.service", UnitFile.parse(SLEEPER), "launched")).isEqualTo(201);
        assertThat(api.put("part-single.service", UnitFile.parse(SLEEPER
                + "[X-Fleet]\nMachineOf=part.service\nAtMostOneCopy=true\n"), "launched")).isEqualTo(201);
        await().atMost(WAIT).ignoreExceptions().until(() -> runningOn("part.service", lab.machines()).size() == 1
                && runningOn("part-single.service", lab.machines()).size() == 1);
        LabMachine victim = runningOn("part.service", lab.machines()).get(0);
        List<LabMachine> rest = lab.machines().stream().filter(m -> m != victim).toList();
        FleetApiClient reachable = new FleetApiClient(rest.get(0).ip(), 49153);

        lab.partition(victim);
        long cut = System.nanoTime();
        long singleOverlaps = 0;
        long movedAfter = -1;
        while (System.nanoTime() - cut < TestEnv.scaled(Duration.ofSeconds(20)).toNanos()) {
            if (runningOn("part-single.service", lab.machines()).size() > 1) {
                singleOverlaps++;
            }
            if (movedAfter < 0 && runningOn("part.service", rest).size() == 1
                    && runningOn("part-single.service", rest).size() == 1) {
                movedAfter = (System.nanoTime() - cut) / 1_000_000;
            }
            if (movedAfter >= 0 && System.nanoTime() - cut > Duration.ofSeconds(10).toNanos()) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("partition of " + victim.name() + ": both units active elsewhere after " + movedAfter
                + " ms; the ordinary one still runs on the cut-off machine: "
                + runningOn("part.service", List.of(victim)).size());
        assertThat(movedAfter).as("units active elsewhere after the partition (goal ≤ agent_ttl + 2 s)")
                .isBetween(0L, TestEnv.scaled(AGENT_TTL.plusSeconds(2)).toMillis());
        assertThat(singleOverlaps).as("samples with AtMostOneCopy active on two machines").isZero();
        LabMachine movedTo = runningOn("part.service", rest).get(0);

        lab.heal(victim);
        long healed = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> runningOn("part.service", List.of(victim)).isEmpty());
        long staleStopped = (System.nanoTime() - healed) / 1_000_000;
        System.out.println("healed " + victim.name() + ": its stale copy stopped after " + staleStopped + " ms");
        // the goal is 1 s (measured: 0.6 s); the bound leaves room for a loaded CI box
        assertThat(staleStopped).as("stale copy stopped after healing").isLessThanOrEqualTo(
                TestEnv.scaled(Duration.ofSeconds(2)).toMillis());
        awaitServing(rest.get(0));
        // the healed machine is a candidate again: from now on a bounce back could happen
        await().atMost(WAIT).ignoreExceptions().until(() -> reachable.machines().containsKey(victim.machineId()));
        Thread.sleep(3000); // a window, not a wait: nothing may move back in 3 engine intervals
        assertThat(runningOn("part.service", lab.machines())).as("no bounce back").containsExactly(movedTo);
        assertThat(runningOn("part-single.service", lab.machines())).containsExactly(movedTo);
        assertThat(reachable.destroy("part-single.service")).isEqualTo(204);
        assertThat(reachable.destroy("part.service")).isEqualTo(204);
    }

    @Test
    @Order(5)
    void aKilledMachinesUnitRunsElsewhereWithinAgentTtlPlus2s() throws Exception {
        assertThat(api.put("roamer.service", UnitFile.parse(SLEEPER), "launched")).isEqualTo(201);
        await().atMost(WAIT).ignoreExceptions().until(() -> runningOn("roamer.service", lab.machines()).size() == 1);
        LabMachine victim = runningOn("roamer.service", lab.machines()).get(0);
        List<LabMachine> rest = lab.machines().stream().filter(m -> m != victim).toList();

        lab.kill(victim);
        long killed = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> runningOn("roamer.service", rest).size() == 1);
        long ms = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("machine " + victim.name() + " killed: its unit active elsewhere after " + ms + " ms");
        assertThat(ms).as("unit active elsewhere after its machine was killed (goal ≤ agent_ttl + 2 s)")
                .isLessThanOrEqualTo(TestEnv.scaled(AGENT_TTL.plusSeconds(2)).toMillis());
    }

    /** Until the restarted fleetd on {@code m} serves its API again; its journal on failure. */
    static void awaitServing(LabMachine m) throws Exception {
        try {
            new FleetApiClient(m.ip(), 49153).awaitMachines(3, WAIT);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("fleetd on " + m.name() + " does not serve again:\n"
                    + m.exec("journalctl", "-u", "fleet.service", "--no-pager", "-n", "60").output(), e);
        }
    }

    static List<LabMachine> runningOn(String unit, List<LabMachine> machines) {
        return machines.stream().filter(m -> {
            try {
                return m.exec("systemctl", "is-active", unit).output().trim().equals("active");
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList();
    }

    /** The machine whose fleetd leads: the oldest key of the engine election holds its machine ID. */
    static LabMachine leaderMachine() throws Exception {
        ProcessBuilder p = new ProcessBuilder("etcdctl", "--endpoints", lab.etcdEndpoint(), "get", "--prefix",
                "/_coreos.com/fleet/engine/leader/", "--print-value-only", "--sort-by=CREATE", "--order=ASCEND")
                .redirectErrorStream(true);
        p.environment().put("ETCDCTL_API", "3");
        Process proc = p.start();
        String out = new String(proc.getInputStream().readAllBytes()).trim();
        proc.waitFor();
        String leaderId = out.lines().findFirst().orElseThrow(() -> new IllegalStateException("no engine leader: " + out));
        return lab.machines().stream().filter(m -> m.machineId().equals(leaderId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("leader " + leaderId + " is no lab machine"));
    }
}
