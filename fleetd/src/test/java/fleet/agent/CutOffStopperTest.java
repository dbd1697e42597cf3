package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** When a machine cut off from etcd stops its AtMostOneCopy units (agent_ttl 6 s: after 4 s). */
class CutOffStopperTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STOP_AFTER = Duration.ofMillis((long) (6000 * CutOffStopper.STOP_AFTER_SHARE));

    @Test
    void stopsOnceThePresenceWentUnrenewedForTwoThirdsOfAgentTtl() {
        assertThat(STOP_AFTER).isEqualTo(Duration.ofSeconds(4));
        assertThat(CutOffStopper.mustStop(Optional.of(T), T.plusMillis(3999), STOP_AFTER)).isFalse();
        assertThat(CutOffStopper.mustStop(Optional.of(T), T.plusSeconds(4), STOP_AFTER)).isTrue();
        assertThat(CutOffStopper.mustStop(Optional.of(T), T.plusSeconds(60), STOP_AFTER)).isTrue();
    }

    @Test
    void neverBeforeTheFirstAnswer() {
        assertThat(CutOffStopper.mustStop(Optional.empty(), T.plusSeconds(60), STOP_AFTER)).isFalse();
    }
}
