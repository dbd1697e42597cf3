package fleet.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} syntax, as fleet's {@code agent_ttl} uses it: an optional sign and
 * one or more decimal numbers each with a unit ({@code ns us µs ms s m h}), e.g. {@code 1m30s},
 * {@code 1.5h}, {@code 500ms}. A bare {@code 0} is zero. Precision is kept to the nanosecond.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {}

    /** @throws IllegalArgumentException with a message fit for a {@link ConfigException} */
    static Duration parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 1m30s or 500ms");
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                String hint = s.chars().allMatch(Character::isDigit) ? "missing unit" : "not a duration";
                throw new IllegalArgumentException(hint + "; expected e.g. 30s, 1m30s or 500ms (units: ns, us, ms, s, m, h)");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration out of range (at most about 292 years)");
        }
        Duration d = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        return negative ? d.negated() : d;
    }
}
