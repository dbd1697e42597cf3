package fleet.agent;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Counts what one class logs whose message pattern starts with one of the given prefixes, from the
 * moment it is attached: how a test sees a loop make progress that leaves no other trace (an agent
 * pass that fails because etcd is away changes nothing else). Close it to detach.
 */
final class LogCounter extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final String[] prefixes;
    private final AtomicInteger count = new AtomicInteger();

    private LogCounter(Class<?> source, String... prefixes) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.prefixes = prefixes;
    }

    static LogCounter attach(Class<?> source, String... messagePrefixes) {
        LogCounter c = new LogCounter(source, messagePrefixes);
        c.setContext(c.logger.getLoggerContext());
        c.start();
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
        stop();
    }
}
