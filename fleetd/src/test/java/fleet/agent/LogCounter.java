package fleet.agent;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Counts what one class logs whose message pattern starts with one of the given prefixes, from the
 * moment it is attached: how a test sees a loop make progress that leaves no other trace (an agent
 * pass that fails because etcd is away changes nothing else). Retries after the first failure are
 * debug lines ({@code OutageLog}), so the class logs at DEBUG while it is attached. Close it to detach.
 */
final class LogCounter extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final String[] prefixes;
    private final AtomicInteger count = new AtomicInteger();
    private Level levelBefore;

    private LogCounter(Class<?> source, String... prefixes) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.prefixes = prefixes;
    }

    static LogCounter attach(Class<?> source, String... messagePrefixes) {
        LogCounter c = new LogCounter(source, messagePrefixes);
        c.setContext(c.logger.getLoggerContext());
        c.start();
        c.levelBefore = c.logger.getLevel();
        c.logger.setLevel(Level.DEBUG);
        c.logger.addAppender(c);
        return c;
    }

    int count() {
        return count.get();
    }

    @Override
    protected void append(ILoggingEvent event) {
        for (String p : prefixes) {
            if (event.getMessage().startsWith(p)) {
                count.incrementAndGet();
                return;
            }
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(levelBefore);
        stop();
    }
}
