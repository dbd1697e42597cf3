package fleet.fleetd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * fleetd's logging, set up in code (found by logback through META-INF/services), at the level of
 * FLEETD_LOG_LEVEL (INFO by default) until the configuration's {@code log_level} and
 * {@code log_levels} apply ({@link LoggerLevels}), the chatty libraries at WARN. Where the lines go
 * is {@link #output}'s choice. An XML configuration would load logback's configuration framework
 * and an XML parser, ~400 classes of metadata kept for the life of the daemon. A logback-test.xml
 * on the class path or -Dlogback.configurationFile still takes over (tests, or an operator who
 * wants another format).
 */
public final class JournalLogConfigurator extends ContextAwareBase implements Configurator {
    static final List<String> QUIET_LIBRARIES = List.of("io.grpc", "io.netty", "io.vertx", "io.etcd", "org.freedesktop");
    static final Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/socket");
    static final String FOREIGN_LINKER = "jdk.incubator.foreign";

    /** Where log lines go. */
    enum Output {
        /** journald's native protocol: entries with a priority, SYSLOG_IDENTIFIER and FLEET_* fields. */
        NATIVE,
        /** stdout read by journald: lines with a {@code <N>} priority prefix. */
        PREFIXED,
        /** stdout read by a person or a file: time, level, logger and message. */
        PLAIN
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || JournalLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty("FLEETD_LOG_LEVEL", System.getenv("FLEETD_LOG_LEVEL"));
        Output output = output(System.getenv(), Files.exists(JOURNAL_SOCKET),
                ModuleLayer.boot().findModule(FOREIGN_LINKER).isPresent());
        configure(context, Level.toLevel(level, Level.INFO), output);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Under journald (it set JOURNAL_STREAM on our stdout, or systemd started us, INVOCATION_ID, on a
     * host with journald's socket): native entries when the socket is there and the foreign linker
     * can reach it, else prefixed lines. Anywhere else, plain lines.
     */
    static Output output(Map<String, String> env, boolean socketExists, boolean foreignLinker) {
        boolean underJournald = env.containsKey("JOURNAL_STREAM") || (env.containsKey("INVOCATION_ID") && socketExists);
        if (!underJournald) {
            return Output.PLAIN;
        }
        return socketExists && foreignLinker ? Output.NATIVE : Output.PREFIXED;
    }

    static void configure(LoggerContext context, Level rootLevel, Output output) {
        Appender<ILoggingEvent> appender = output == Output.NATIVE ? journal() : null;
        if (appender == null) {
            appender = stdout(context, output == Output.PLAIN ? JournalLayout.plain() : new JournalLayout());
        }
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(appender);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.WARN);
        }
    }

    /** The native appender, or null when the socket cannot be opened (no native access granted, say). */
    private static Appender<ILoggingEvent> journal() {
        try {
            return new JournalAppender(JournalSocket.open(JOURNAL_SOCKET), System.out);
        } catch (RuntimeException | LinkageError e) {
            System.out.println("<4>JournalLogConfigurator: journald's native socket unusable (" + e
                    + "); logging to stdout with priority prefixes");
            return null;
        }
    }

    private static Appender<ILoggingEvent> stdout(LoggerContext context, JournalLayout layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        return stdout;
    }
}
