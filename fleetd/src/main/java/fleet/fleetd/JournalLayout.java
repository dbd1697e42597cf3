package fleet.fleetd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

/**
 * One log line for journald: the syslog priority prefix journald reads from a service's stdout
 * ({@code <3>} error ... {@code <7>} debug, so {@code journalctl -p warning -u fleet} works), the
 * logger's simple name and the message, then the stack trace of a throwable if any. journald adds
 * the timestamp. Written out rather than as a logback pattern: the pattern parser is a few hundred
 * classes more for fleetd to load.
 */
public final class JournalLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        String logger = event.getLoggerName();
        StringBuilder line = new StringBuilder(128).append(priority(event.getLevel()))
                .append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ")
                .append(event.getFormattedMessage()).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        return line.toString();
    }

    static String priority(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "<3>";
        } else if (level.isGreaterOrEqual(Level.WARN)) {
            return "<4>";
        } else if (level.isGreaterOrEqual(Level.INFO)) {
            return "<6>";
        }
        return "<7>";
    }
}
