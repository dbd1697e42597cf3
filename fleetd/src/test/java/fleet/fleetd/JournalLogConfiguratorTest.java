package fleet.fleetd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import fleet.fleetd.JournalLogConfigurator.Output;

class JournalLogConfiguratorTest {
    @Test
    void logsJournalLinesToStdoutAtTheGivenLevelWithTheLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        JournalLogConfigurator.configure(context, Level.DEBUG, Output.PREFIXED);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.DEBUG, root.getLevel());
        ConsoleAppender<ILoggingEvent> stdout = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertEquals("System.out", stdout.getTarget());
        assertInstanceOf(JournalLayout.class,
                assertInstanceOf(LayoutWrappingEncoder.class, stdout.getEncoder()).getLayout());
        for (String library : JournalLogConfigurator.QUIET_LIBRARIES) {
            assertEquals(Level.WARN, context.getLogger(library + ".sub").getEffectiveLevel(), library);
        }
        assertEquals(Level.DEBUG, context.getLogger("fleet.agent.Agent").getEffectiveLevel());
    }

    @Test
    void underJournaldWithTheForeignLinkerEntriesGoNative() {
        assertEquals(Output.NATIVE, JournalLogConfigurator.output(Map.of("JOURNAL_STREAM", "8:1234"), true, true));
        assertEquals(Output.NATIVE, JournalLogConfigurator.output(Map.of("INVOCATION_ID", "ab12"), true, true));
    }

    @Test
    void underJournaldWithoutTheSocketOrTheLinkerLinesArePrefixed() {
        assertEquals(Output.PREFIXED, JournalLogConfigurator.output(Map.of("JOURNAL_STREAM", "8:1234"), false, true));
        assertEquals(Output.PREFIXED, JournalLogConfigurator.output(Map.of("JOURNAL_STREAM", "8:1234"), true, false));
    }

    @Test
    void elsewhereLinesArePlainEvenOnAHostWithJournald() {
        // a person running fleetd in a terminal reads its lines there, not in the journal
        assertEquals(Output.PLAIN, JournalLogConfigurator.output(Map.of(), true, true));
        assertEquals(Output.PLAIN, JournalLogConfigurator.output(Map.of("INVOCATION_ID", "ab12"), false, true));
    }

    @Test
    void plainLinesCarryTimeAndLevelAndNoPrefix() {
        LoggerContext context = new LoggerContext();
        JournalLogConfigurator.configure(context, Level.INFO, Output.PLAIN);
        ConsoleAppender<ILoggingEvent> stdout = assertInstanceOf(ConsoleAppender.class,
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"));
        var layout = assertInstanceOf(LayoutWrappingEncoder.class, stdout.getEncoder()).getLayout();
        Logger agent = context.getLogger("fleet.agent.Agent");
        String line = layout.doLayout(new LoggingEvent(Logger.class.getName(), agent, Level.WARN, "x", null, null));
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  Agent: x\n"), line);
    }

    @Test
    void logbackFindsItAsAService() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(p -> p.type() == JournalLogConfigurator.class));
    }

    @Test
    void leavesAnXmlConfigurationOnTheClassPathToLogback() {
        // the test class path has logback-test.xml: fleetd's own set-up steps aside for it
        LoggerContext context = new LoggerContext();
        JournalLogConfigurator configurator = new JournalLogConfigurator();
        configurator.setContext(context);
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"));
    }
}
