package fleet.fleetd;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * fleetd's logging, set up in code (found by logback through META-INF/services): {@link JournalLayout}
 * lines on stdout at the level of FLEETD_LOG_LEVEL (INFO by default), the chatty libraries at WARN.
 * An XML configuration would load logback's configuration framework and an XML parser, ~400
 * classes of metadata kept for the life of the daemon. A logback-test.xml on the class path or
 * -Dlogback.configurationFile still takes over (tests, or an operator who wants another format).
 */
public final class JournalLogConfigurator extends ContextAwareBase implements Configurator {
    static final List<String> QUIET_LIBRARIES = List.of("io.grpc", "io.netty", "io.vertx", "io.etcd", "org.freedesktop");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || JournalLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty("FLEETD_LOG_LEVEL", System.getenv("FLEETD_LOG_LEVEL"));
        configure(context, Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, Level rootLevel) {
        JournalLayout layout = new JournalLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(stdout);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
    }
}
