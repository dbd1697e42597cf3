package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A failing unit waits 1, 2, 4 ... 60 s between tries; the others are never held back. */
class TaskBackoffTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    final TaskBackoff backoff = new TaskBackoff();
    final AgentTask badStart = new AgentTask.Start("bad.service", "t");
    final AgentTask goodStart = new AgentTask.Start("good.service", "t");
    final AgentTask reload = new AgentTask.ReloadUnitFiles("t");

    void fails(Instant at) {
        backoff.record(new ExecutionReport(List.of(goodStart), List.of(new ExecutionReport.Failure(badStart, "x"))), at);
    }

    @Test
    void aFailedUnitWaitsWithDoublingBackoffAndTheOthersGoOn() {
        fails(T);
        assertThat(backoff.due(List.of(badStart, goodStart, reload), T.plusMillis(999)))
                .containsExactly(goodStart, reload);
        assertThat(backoff.due(List.of(badStart), T.plusSeconds(1))).containsExactly(badStart);
        fails(T.plusSeconds(1));
        assertThat(backoff.due(List.of(badStart), T.plusMillis(2999))).isEmpty();
        assertThat(backoff.due(List.of(badStart), T.plusSeconds(3))).containsExactly(badStart);
        for (int i = 0; i < 10; i++) {
            fails(T.plusSeconds(3));
        }
        assertThat(backoff.due(List.of(badStart), T.plusSeconds(62))).as("capped at 60 s").isEmpty();
        assertThat(backoff.due(List.of(badStart), T.plusSeconds(63))).containsExactly(badStart);
        assertThat(backoff.waiting()).containsEntry("bad.service", 12);
        assertThat(backoff.errors()).containsExactly(java.util.Map.entry("bad.service", "Start(bad.service) failed: x"));
    }

    @Test
    void aSuccessClearsTheBackoff() {
        fails(T);
        backoff.record(new ExecutionReport(List.of(badStart), List.of()), T.plusSeconds(1));
        assertThat(backoff.waiting()).isEmpty();
        fails(T.plusSeconds(2));
        assertThat(backoff.due(List.of(badStart), T.plusSeconds(3))).as("back to the first step").containsExactly(badStart);
    }
}
