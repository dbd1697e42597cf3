package fleet.fleetd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

class JournalLayoutTest {
    private final LoggerContext context = new LoggerContext();
    private final JournalLayout layout = new JournalLayout();

    private String line(String logger, Level level, String message, Throwable thrown, Object... args) {
        Logger l = context.getLogger(logger);
        return layout.doLayout(new LoggingEvent(Logger.class.getName(), l, level, message, thrown, args));
    }

    @Test
    void prefixesTheJournalPriorityOfEachLevel() {
        assertEquals("<3>Engine: x\n", line("fleet.engine.Engine", Level.ERROR, "x", null));
        assertEquals("<4>Engine: x\n", line("fleet.engine.Engine", Level.WARN, "x", null));
        assertEquals("<6>Engine: x\n", line("fleet.engine.Engine", Level.INFO, "x", null));
        assertEquals("<7>Engine: x\n", line("fleet.engine.Engine", Level.DEBUG, "x", null));
        assertEquals("<7>Engine: x\n", line("fleet.engine.Engine", Level.TRACE, "x", null));
    }

    @Test
    void namesTheLoggerByItsLastPartAndFormatsTheArguments() {
        assertEquals("<6>Agent: 3 units on m1\n", line("fleet.agent.Agent", Level.INFO, "{} units on {}", null, 3, "m1"));
        assertEquals("<6>plain: x\n", line("plain", Level.INFO, "x", null));
    }

    @Test
    void appendsTheStackTraceOfAThrowable() {
        String out = line("fleet.api.ApiServer", Level.WARN, "failed", new IllegalStateException("port taken"));
        assertTrue(out.startsWith("<4>ApiServer: failed\njava.lang.IllegalStateException: port taken\n"), out);
        assertTrue(out.contains("\tat fleet.fleetd.JournalLayoutTest."), out);
        assertTrue(out.endsWith("\n"), out);
    }
}
