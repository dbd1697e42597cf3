package fleet.registry;

import java.io.IOException;
import java.util.function.Function;

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
            .registerModule(asString(asString(new SimpleModule("fleet-core"), DesiredState.class, DesiredState::wireName,
                    DesiredState::parse), UnitHash.class, UnitHash::hex, UnitHash::new));

    /** Adds a type written and read as one JSON string. */
    private static <T> SimpleModule asString(SimpleModule module, Class<T> type, Function<T, String> write,
            Function<String, T> read) {
        return module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(write.apply(v));
            }
        }).addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return read.apply(p.getValueAsString());
            }
        });
    }

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
