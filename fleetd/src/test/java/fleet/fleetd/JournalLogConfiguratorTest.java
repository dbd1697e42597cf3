package fleet.fleetd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

class JournalLogConfiguratorTest {
    @Test
    void logsJournalLinesToStdoutAtTheGivenLevelWithTheLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        JournalLogConfigurator.configure(context, Level.DEBUG);
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
