package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a request body reserves, and that the budget holds at most 4 body limits. */
class BodyBudgetTest {
    final BodyBudget budget = new BodyBudget(1000);

    @Test
    void aBodyReservesItsDeclaredLengthOrTheLimit() {
        assertThat(budget.reservation("10")).isEqualTo(10);
        assertThat(budget.reservation(null)).as("chunked: the limit").isEqualTo(1000);
        assertThat(budget.reservation("x")).isEqualTo(1000);
        assertThat(budget.reservation("-1")).isEqualTo(1000);
        assertThat(budget.reservation("5000")).as("refused unread with 413").isZero();
    }

    @Test
    void atMostFourLimitsAreInFlightButOneBodyAlwaysFits() {
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryReserve(1000)).isTrue();
        }
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.inUse()).isEqualTo(4000);
        BodyBudget empty = new BodyBudget(1000);
        assertThat(empty.tryReserve(1000)).isTrue();
    }
}
