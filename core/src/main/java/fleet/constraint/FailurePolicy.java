package fleet.constraint;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [X-Fleet] RescheduleOnFailure=COUNT in WINDOW} (ours, not fleet v1.0's): a unit its agent
 * found failed {@code count} times on one machine within {@code window} is moved to another machine
 * that fits, and that machine is avoided until those failures are older than the window. Until then
 * the agent starts a failed unit again (fleet v1.0 left it failed).
 */
public record FailurePolicy(int count, Duration window) {
    public static final int MAX_COUNT = 100;
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s+in\\s+((?:\\d{1,9}[hms])+)");
    private static final Pattern PART = Pattern.compile("(\\d+)([hms])");

    public FailurePolicy {
        Objects.requireNonNull(window, "window");
    }

    /** Reads {@code "3 in 10m"} (window: hours, minutes, seconds, as in {@code 1h30m}); refuses anything else. */
    public static FailurePolicy parse(String value) throws InvalidRequirementsException {
        Matcher m = SYNTAX.matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidRequirementsException("RescheduleOnFailure=" + value
                    + " is not COUNT in WINDOW (for example 3 in 10m)");
        }
        int count = Integer.parseInt(m.group(1));
        Duration window = Duration.ZERO;
        Matcher part = PART.matcher(m.group(2));
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            window = window.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidRequirementsException("RescheduleOnFailure=" + value + ": the count must be 1 to " + MAX_COUNT);
        }
        if (window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidRequirementsException("RescheduleOnFailure=" + value
                    + ": the window must be 1s to 24h");
        }
        return new FailurePolicy(count, window);
    }

    /** The window as the unit file wrote it, in the shortest form ({@code 10m}, {@code 1h30m}). */
    public String windowText() {
        StringBuilder sb = new StringBuilder();
        long h = window.toHours();
        long m = window.toMinutesPart();
        long s = window.toSecondsPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0 || sb.isEmpty()) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return count + " in " + windowText();
    }
}
