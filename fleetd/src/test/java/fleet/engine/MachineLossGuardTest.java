package fleet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which lost machines keep their units, in simulated time (agent_ttl 5 s, grace 10 s). */
class MachineLossGuardTest {
    static final Duration TTL = Duration.ofSeconds(5);
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Set<String> ALL = Set.of("m1", "m2", "m3");

    final MachineLossGuard guard = new MachineLossGuard(GRACE, TTL);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Optional<Instant> cutOff = Optional.empty();
    Optional<Instant> regained = Optional.empty();

    MachineLossGuard.Verdict pass(Set<String> live) {
        return guard.assess(live, ALL, cutOff, regained, now);
    }

    void after(int seconds) {
        now = now.plusSeconds(seconds);
    }

    @Test
    void oneLostMachineOfThreeFailsOverAtOnce() {
        pass(ALL);
        after(1);
        MachineLossGuard.Verdict v = pass(Set.of("m1", "m2"));
        assertThat(v.held()).isEmpty();
        assertThat(v.released()).containsExactly("m3");
        after(1);
        assertThat(pass(Set.of("m1", "m2")).held()).as("stays released").isEmpty();
    }

    @Test
    void twoOfThreeLostTogetherAreHeldForTheGracePeriodThenReleasedOneByOne() {
        pass(ALL);
        after(1);
        MachineLossGuard.Verdict v = pass(Set.of("m1"));
        assertThat(v.held()).containsOnlyKeys("m2", "m3");
        assertThat(v.held().get("m2")).contains("2 of 3 machines vanished");
        after(9);
        assertThat(pass(Set.of("m1")).held()).as("within the grace period").containsOnlyKeys("m2", "m3");
        after(2);
        v = pass(Set.of("m1"));
        assertThat(v.released()).as("oldest loss first, ties by ID").containsExactly("m2");
        assertThat(v.held()).containsOnlyKeys("m3");
        assertThat(v.held().get("m3")).contains("released one per 5 s");
        after(4);
        assertThat(pass(Set.of("m1")).held()).containsOnlyKeys("m3");
        after(1);
        assertThat(pass(Set.of("m1")).released()).containsExactly("m3");
    }

    @Test
    void machinesThatComeBackDuringTheHoldAreSimplyLive() {
        pass(ALL);
        after(1);
        pass(Set.of());
        after(2);
        assertThat(pass(ALL).held()).isEmpty();
        after(20);
        MachineLossGuard.Verdict v = pass(ALL);
        assertThat(v.held()).isEmpty();
        assertThat(v.released()).isEmpty();
    }

    @Test
    void whileThisEngineIsCutOffFromEtcdEveryLostMachineIsHeld() {
        pass(ALL);
        cutOff = Optional.of(now);
        after(6);
        assertThat(pass(Set.of("m1", "m2")).held()).containsOnlyKeys("m3");
        assertThat(pass(Set.of("m1", "m2")).held().get("m3")).contains("etcd has not answered this engine");
    }

    @Test
    void afterEtcdComesBackLostMachinesAreHeldForTheGracePeriodFromItsReturn() {
        // a new leader elected right after an etcd pause: it never saw the machines before
        regained = Optional.of(now);
        after(1);
        assertThat(pass(Set.of("m1", "m2")).held()).as("one of three is not a mass loss, but etcd was out")
                .containsOnlyKeys("m3");
        after(8);
        assertThat(pass(Set.of("m1", "m2")).held()).containsOnlyKeys("m3");
        after(1);
        assertThat(pass(Set.of("m1", "m2")).released()).containsExactly("m3");
    }

    @Test
    void anOutageLongAgoHoldsNothing() {
        regained = Optional.of(now.minusSeconds(60));
        assertThat(pass(Set.of("m1", "m2")).released()).containsExactly("m3");
    }

    @Test
    void machinesWithoutUnitsAreNeverReported() {
        MachineLossGuard.Verdict v = guard.assess(Set.of("m1"), Set.of("m1"), cutOff, regained, now);
        assertThat(v.held()).isEmpty();
        assertThat(v.released()).isEmpty();
    }

    @Test
    void theGracePeriodIsAtLeastAgentTtl() {
        assertThatThrownBy(() -> new MachineLossGuard(Duration.ofSeconds(4), TTL))
                .hasMessageContaining("at least agent_ttl");
    }
}
