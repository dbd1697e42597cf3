package fleet.cli;

import java.time.Duration;

/** fleetctl's copy of the project's one timeout knob (FLEET_TEST_TIMEOUT_SCALE), without depending on fleetd. */
public final class TestTimeouts {
    private TestTimeouts() {}

    public static Duration scaled(Duration d) {
        String s = System.getenv("FLEET_TEST_TIMEOUT_SCALE");
        double factor = s == null || s.isBlank() ? 1.0 : Double.parseDouble(s);
        return Duration.ofMillis((long) (d.toMillis() * factor));
    }
}
