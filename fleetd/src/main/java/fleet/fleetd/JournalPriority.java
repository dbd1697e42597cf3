package fleet.fleetd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter printing the syslog priority prefix ({@code <3>} error ... {@code <7>} debug)
 * that journald reads from a service's stdout, so {@code journalctl -p warning -u fleet} works.
 */
public final class JournalPriority extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return prefix(event.getLevel());
    }

    static String prefix(Level level) {
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
