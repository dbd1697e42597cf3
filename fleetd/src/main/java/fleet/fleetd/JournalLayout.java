package fleet.fleetd;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * One log line. For journald reading fleetd's stdout: the syslog priority prefix it understands
 * ({@code <3>} error ... {@code <7>} debug, so {@code journalctl -p warning -u fleet} works), the
 * logger's simple name and the message, then the stack trace of a throwable if any; journald adds
 * the time. For a terminal ({@link #plain()}): the time and the level instead of the prefix.
 * Written out rather than as a logback pattern: the pattern parser is a few hundred classes more
 * for fleetd to load.
 */
public final class JournalLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final boolean forJournal;

    public JournalLayout() {
        this(true);
    }

    private JournalLayout(boolean forJournal) {
        this.forJournal = forJournal;
    }

    /** Lines for a terminal or a file: no priority prefix, a time stamp and the level. */
    static JournalLayout plain() {
        return new JournalLayout(false);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String head = forJournal ? "<" + priority(event.getLevel()) + ">"
                : TIME.format(Instant.ofEpochMilli(event.getTimeStamp())) + " " + String.format("%-5s ", event.getLevel());
        return head + JournalEntry.message(event) + "\n";
    }

    /** The syslog priority of a level: 3 error, 4 warning, 6 info, 7 debug. */
    static int priority(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return 3;
        } else if (level.isGreaterOrEqual(Level.WARN)) {
            return 4;
        } else if (level.isGreaterOrEqual(Level.INFO)) {
            return 6;
        }
        return 7;
    }
}
