package fleet.fleetd;

import java.io.PrintStream;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Sends each event to journald as a native entry ({@link JournalEntry}: priority, identifier and
 * FLEET_* fields); an entry journald does not take goes to stdout as a prefixed line instead, which
 * the service's journal stream still records.
 */
final class JournalAppender extends AppenderBase<ILoggingEvent> {
    /** Where datagrams go: journald's socket, or a test's list. */
    interface Sink {
        boolean send(byte[] datagram);
    }

    private final Sink sink;
    private final JournalLayout fallback = new JournalLayout();
    private final PrintStream stdout;

    JournalAppender(Sink sink, PrintStream stdout) {
        this.sink = sink;
        this.stdout = stdout;
        setName("JOURNAL");
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!sink.send(JournalEntry.of(event).encode())) {
            stdout.print(fallback.doLayout(event));
            stdout.flush();
        }
    }
}
