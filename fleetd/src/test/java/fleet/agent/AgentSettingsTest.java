package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
    static AgentSettings withTtl(Duration ttl) {
        return new AgentSettings(Path.of("/run/fleet/units"), Path.of("/"), Duration.ofSeconds(5), ttl,
                Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "agent_ttl {0} s: states resynced every {1} ms")
    @CsvSource({"30, 24000", "60, 48000", "10, 5000", "4, 2000"})
    void resyncsStatesAsFleetDid(long ttlSeconds, long expectedMillis) {
        assertThat(withTtl(Duration.ofSeconds(ttlSeconds)).stateResyncInterval()).hasMillis(expectedMillis);
    }

    @Test
    void refusesRelativePathsAndNonPositiveDurations() {
        assertThatThrownBy(() -> new AgentSettings(Path.of("units"), Path.of("/"), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> withTtl(Duration.ZERO)).hasMessageContaining("agent_ttl must be positive");
    }
}
