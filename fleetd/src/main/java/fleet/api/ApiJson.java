package fleet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API's one JSON mapper: entities out, trees in (request bodies are checked field by field). */
final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ApiJson() {}

    static String write(Object entity) {
        try {
            return MAPPER.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + entity.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body; malformed JSON is a 400 naming where it broke. */
    static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("unable to decode body: empty request body");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("unable to decode body: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    /** A string field of an object; absent or null gives null, any other type is a 400. */
    static String optionalString(JsonNode object, String field, String what) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("unable to decode body: " + what + " field \"" + field
                    + "\" must be a string, got " + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return v.textValue();
    }
}
