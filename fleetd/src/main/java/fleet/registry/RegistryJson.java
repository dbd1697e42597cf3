package fleet.registry;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * JSON of the values stored in etcd. Core types (no Jackson in core) are written by their wire
 * form: {@code DesiredState} as {@code "launched"}, {@code UnitHash} as 40 hex digits. Unknown
 * fields are ignored so that a newer fleetd's additions do not break an older one.
 */
final class RegistryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("fleet-core")
                    .addSerializer(DesiredState.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(DesiredState v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.wireName());
                        }
                    })
                    .addDeserializer(DesiredState.class, new JsonDeserializer<>() {
                        @Override
                        public DesiredState deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return DesiredState.parse(p.getValueAsString());
                        }
                    })
                    .addSerializer(UnitHash.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(UnitHash v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.hex());
                        }
                    })
                    .addDeserializer(UnitHash.class, new JsonDeserializer<>() {
                        @Override
                        public UnitHash deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return new UnitHash(p.getValueAsString());
                        }
                    }));

    private RegistryJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a stored value; a corrupt value is reported with its key, never silently skipped. */
    static <T> T read(StoredKey stored, Class<T> type) {
        try {
            return MAPPER.readValue(stored.value(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException("corrupt value at " + stored.key() + " (expected " + type.getSimpleName()
                    + "): " + e.getMessage(), e);
        }
    }
}
