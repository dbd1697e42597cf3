package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.constraint.FailurePolicy;

class FailureTallyTest {
    static final FailurePolicy TWO_IN_1M = new FailurePolicy(2, Duration.ofMinutes(1));
    static final Instant T0 = Instant.parse("2026-12-03T18:00:00Z");

    final FailureTally tally = new FailureTally();

    @Test
    void aUnitStillFailedCountsOnceUntilItWasStartedAgain() {
        tally.observe("a.service", TWO_IN_1M, true, T0);
        tally.observe("a.service", TWO_IN_1M, true, T0.plusSeconds(5));
        assertThat(tally.delta(T0.plusSeconds(5)).puts()).isEqualTo(Map.of("a.service", List.of(T0.toEpochMilli())));
        tally.started("a.service");
        tally.observe("a.service", TWO_IN_1M, true, T0.plusSeconds(10));
        assertThat(tally.delta(T0.plusSeconds(10)).puts().get("a.service")).hasSize(2);
    }

    @Test
    void aRecoveredUnitCountsItsNextFailure() {
        tally.observe("a.service", TWO_IN_1M, true, T0);
        tally.observe("a.service", TWO_IN_1M, false, T0.plusSeconds(1));
        tally.observe("a.service", TWO_IN_1M, true, T0.plusSeconds(2));
        assertThat(tally.delta(T0.plusSeconds(2)).puts().get("a.service")).hasSize(2);
    }

    @Test
    void publishesOnlyChangesAndRemovesARecordOnceItsFailuresLeftTheWindow() {
        tally.observe("a.service", TWO_IN_1M, true, T0);
        FailureTally.Delta first = tally.delta(T0.plusSeconds(1));
        tally.published(first);
        assertThat(tally.delta(T0.plusSeconds(30)).isEmpty()).isTrue();
        FailureTally.Delta expired = tally.delta(T0.plusSeconds(61));
        assertThat(expired.puts()).isEmpty();
        assertThat(expired.removes()).containsExactly("a.service");
        tally.published(expired);
        assertThat(tally.delta(T0.plusSeconds(62)).isEmpty()).isTrue();
    }

    @Test
    void aDeltaNotPublishedIsOfferedAgain() {
        tally.observe("a.service", TWO_IN_1M, true, T0);
        tally.delta(T0);
        assertThat(tally.delta(T0.plusSeconds(1)).puts()).containsOnlyKeys("a.service");
    }
}
