package fleet.testing;

import java.time.Duration;

import org.junit.jupiter.api.Assumptions;

/** Test-wide knobs: one factor scales every timeout; CI turns missing prerequisites into failures. */
public final class TestEnv {
    private TestEnv() {}

    /** FLEET_TEST_TIMEOUT_SCALE=3 makes every wait three times longer on a slow box. */
    public static Duration scaled(Duration d) {
        String s = System.getenv("FLEET_TEST_TIMEOUT_SCALE");
        double factor = s == null || s.isBlank() ? 1.0 : Double.parseDouble(s);
        return Duration.ofMillis((long) (d.toMillis() * factor));
    }

    /** Set by .ci/run: a missing prerequisite must fail the run, never skip silently. */
    public static boolean requireAll() {
        return "1".equals(System.getenv("FLEET_TEST_REQUIRE_ALL"));
    }

    /** Skips the test with a clear message, or fails it in CI. */
    public static void require(boolean available, String whatIsMissing) {
        if (available) {
            return;
        }
        if (requireAll()) {
            throw new IllegalStateException("prerequisite missing (FLEET_TEST_REQUIRE_ALL=1): " + whatIsMissing);
        }
        Assumptions.abort("skipped: " + whatIsMissing);
    }
}
