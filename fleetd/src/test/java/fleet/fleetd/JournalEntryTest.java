package fleet.fleetd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

class JournalEntryTest {
    // the running context: a new one has no MDC adapter
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object... args) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, thrown, args);
    }

    @Test
    void carriesMessagePriorityAndIdentifier() {
        var e = JournalEntry.of(event("fleet.agent.Agent", Level.WARN, "{} units", null, 3));
        assertThat(e.fields()).containsExactly(Map.entry("MESSAGE", "Agent: 3 units"), Map.entry("PRIORITY", "4"),
                Map.entry("SYSLOG_IDENTIFIER", "fleetd"), Map.entry("FLEET_LOGGER", "fleet.agent.Agent"));
    }

    @Test
    void mdcAndKeyValuePairsBecomeFleetFields() {
        MDC.put("unit", "web@1.service");
        LoggingEvent event = event("fleet.engine.Engine", Level.INFO, "x", null);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("machine", "f5c4569b"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("pass", 12));

        var fields = JournalEntry.of(event).fields();

        assertThat(fields).containsEntry("FLEET_UNIT", "web@1.service").containsEntry("FLEET_MACHINE", "f5c4569b")
                .containsEntry("FLEET_PASS", "12");
    }

    @Test
    void fieldNamesAreWhatJournaldTakesAndNeverItsTrustedOnes() {
        assertThat(JournalEntry.fieldName("unit")).isEqualTo("FLEET_UNIT");
        assertThat(JournalEntry.fieldName("_PID")).isEqualTo("FLEET__PID");
        assertThat(JournalEntry.fieldName("api.route-name")).isEqualTo("FLEET_API_ROUTE_NAME");
        assertThat(JournalEntry.fieldName("x".repeat(100))).hasSize(64).matches("FLEET_X+");
    }

    @Test
    void encodesSingleLineFieldsAsNameEqualsValue() {
        byte[] datagram = new JournalEntry(ordered("MESSAGE", "Agent: héllo", "PRIORITY", "6")).encode();
        assertThat(new String(datagram, StandardCharsets.UTF_8)).isEqualTo("MESSAGE=Agent: héllo\nPRIORITY=6\n");
    }

    @Test
    void encodesAMultiLineValueWithItsLittleEndianLength() {
        String trace = "Engine: failed\njava.lang.IllegalStateException: x\n\tat a.b(C.java:1)";
        byte[] datagram = new JournalEntry(ordered("MESSAGE", trace, "PRIORITY", "3")).encode();

        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = new byte["MESSAGE\n".length()];
        b.get(name);
        assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("MESSAGE\n");
        long length = b.getLong();
        assertThat(length).isEqualTo(trace.getBytes(StandardCharsets.UTF_8).length);
        byte[] value = new byte[(int) length];
        b.get(value);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(trace);
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("\nPRIORITY=3\n");
    }

    @Test
    void theAppenderSendsEntriesAndFallsBackToAPrefixedLineWhenRefused() {
        List<byte[]> sent = new ArrayList<>();
        boolean[] accept = {true};
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        JournalAppender appender = new JournalAppender(d -> accept[0] && sent.add(d),
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
        appender.setContext(context);
        appender.start();

        appender.doAppend(event("fleet.agent.Agent", Level.INFO, "taken", null));
        accept[0] = false;
        appender.doAppend(event("fleet.agent.Agent", Level.ERROR, "refused", null));

        assertThat(sent).hasSize(1);
        assertThat(new String(sent.get(0), StandardCharsets.UTF_8)).startsWith("MESSAGE=Agent: taken\nPRIORITY=6\n");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("<3>Agent: refused\n");
    }

    static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
