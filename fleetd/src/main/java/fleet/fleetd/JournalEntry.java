package fleet.fleetd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import org.slf4j.event.KeyValuePair;

/**
 * One log event as journald's native protocol carries it: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER,
 * FLEET_LOGGER (the logger's full name, for {@code journalctl FLEET_LOGGER=fleet.agent.Agent}) and
 * a {@code FLEET_*} field for every MDC entry and key-value pair of the event (unit, machine and
 * pass become FLEET_UNIT, FLEET_MACHINE and FLEET_PASS; {@code journalctl FLEET_UNIT=web.service}).
 * Our fields never start with '_' (journald's trusted fields, which it sets itself) and are not
 * UNIT= (what systemd itself writes about a unit).
 */
record JournalEntry(Map<String, String> fields) {
    static final String IDENTIFIER = "fleetd";
    static final int MAX_NAME = 64;

    JournalEntry {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static JournalEntry of(ILoggingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("MESSAGE", message(event));
        fields.put("PRIORITY", Integer.toString(JournalLayout.priority(event.getLevel())));
        fields.put("SYSLOG_IDENTIFIER", IDENTIFIER);
        fields.put("FLEET_LOGGER", event.getLoggerName());
        event.getMDCPropertyMap().forEach((k, v) -> fields.put(fieldName(k), v));
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                fields.put(fieldName(kv.key), String.valueOf(kv.value));
            }
        }
        return new JournalEntry(fields);
    }

    /** The logger's simple name and the message, as on a plain line; a throwable's trace below it. */
    static String message(ILoggingEvent event) {
        String logger = event.getLoggerName();
        StringBuilder m = new StringBuilder(128).append(logger, logger.lastIndexOf('.') + 1, logger.length())
                .append(": ").append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            m.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        return m.toString();
    }

    /** {@code FLEET_} and the key upper-cased, every character journald does not take as '_'. */
    static String fieldName(String key) {
        StringBuilder name = new StringBuilder("FLEET_");
        for (char c : key.toUpperCase(Locale.ROOT).toCharArray()) {
            name.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name.toString();
    }

    /**
     * The datagram: {@code NAME=value\n} per field, or, for a value with a newline in it,
     * {@code NAME\n}, its length as 64-bit little-endian, the bytes and {@code \n}.
     */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        fields.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(n);
            if (value.indexOf('\n') < 0) {
                out.write('=');
            } else {
                out.write('\n');
                long length = v.length;
                for (int i = 0; i < 8; i++) {
                    out.write((int) (length >>> (8 * i)) & 0xff);
                }
            }
            out.writeBytes(v);
            out.write('\n');
        });
        return out.toByteArray();
    }
}
