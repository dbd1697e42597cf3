package fleet.cli.command;

import fleet.testing.TestEnv;
import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.api.FleetApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bound, the order of outcomes and when the rest are skipped; no timing is asserted. */
class FanoutTest {
    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

    @Test
    void theBoundIsReachedAndNeverExceededAndOutcomesKeepTheirOrder() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(Fanout.IN_FLIGHT);
        List<Fanout.Outcome<Integer>> outcomes = new Fanout(Fanout.IN_FLIGHT, null).map(HUNDRED,
                Fanout.Stop.NEVER, "", i -> {
                    max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        gate.countDown(); // nobody passes until the bound is in flight
                        if (!gate.await(TestEnv.scaled(Duration.ofSeconds(20)).toMillis(), TimeUnit.MILLISECONDS)) {
                            throw new AssertionError("the bound was never in flight at once");
                        }
                        return i * 2;
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        assertThat(max).hasValue(Fanout.IN_FLIGHT);
        assertThat(outcomes).extracting(Fanout.Outcome::value).containsExactlyElementsOf(
                HUNDRED.stream().map(i -> i * 2).toList());
    }

    @Test
    void anUnreachableApiStopsOnlyTheUnitsAfterIt() {
        List<Fanout.Outcome<Integer>> outcomes = new Fanout(1, null).map(List.of(0, 1, 2, 3),
                Fanout.Stop.ON_UNREACHABLE, "", i -> {
                    if (i == 1) {
                        throw new FleetApiException("cannot talk to fleet", null);
                    }
                    return i;
                });
        assertThat(outcomes.get(0).ok()).isTrue();
        assertThat(outcomes.get(1).failure()).hasMessage("cannot talk to fleet");
        assertThat(outcomes.subList(2, 4)).allMatch(Fanout.Outcome::skipped);
    }

    @Test
    void aRefusalOfOneUnitDoesNotStopTheOthers() {
        List<Fanout.Outcome<Integer>> outcomes = new Fanout(4, null).map(HUNDRED, Fanout.Stop.ON_UNREACHABLE, "",
                i -> {
                    if (i % 10 == 3) {
                        throw new FleetApiException(400, "refused " + i);
                    }
                    return i;
                });
        assertThat(outcomes).noneMatch(Fanout.Outcome::skipped);
        assertThat(outcomes.stream().filter(o -> !o.ok()).map(o -> o.failure().getMessage()).toList())
                .containsExactly("refused 3", "refused 13", "refused 23", "refused 33", "refused 43", "refused 53",
                        "refused 63", "refused 73", "refused 83", "refused 93");
    }

    @Test
    void oneUnitRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        assertThat(new Fanout(16, null).map(List.of(1), Fanout.Stop.NEVER, "", i -> Thread.currentThread())
                .get(0).value()).isSameAs(caller);
    }
}
