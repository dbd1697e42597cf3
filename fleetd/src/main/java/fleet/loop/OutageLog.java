package fleet.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The log of something retried until it works again (etcd unreachable, most often): the first
 * failure of a run is a warning, the retries after it are debug lines, and the first success after
 * them is one info line saying how long it lasted. An outage is then two lines, whatever its length
 * and however often the caller retries.
 */
public final class OutageLog {
    private final Logger log;
    private final Clock clock;
    private Instant since;
    private int failures;

    public OutageLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** A failed try: logged at WARN when it starts an outage, at DEBUG while one goes on. */
    public synchronized void failed(String format, Object... args) {
        failures++;
        Level level = Level.DEBUG;
        if (since == null) {
            since = clock.instant();
            level = Level.WARN;
        }
        log.atLevel(level).log(format, args);
    }

    /** A try that worked: ends the outage, if there was one, with {@code what} and how long it lasted. */
    public synchronized void recovered(String what) {
        if (since == null) {
            return;
        }
        long millis = Duration.between(since, clock.instant()).toMillis();
        log.info("{} after {} ms ({} failed {})", what, millis, failures, failures == 1 ? "try" : "tries");
        since = null;
        failures = 0;
    }

    /** Whether the last try failed. */
    public synchronized boolean failing() {
        return since != null;
    }
}
