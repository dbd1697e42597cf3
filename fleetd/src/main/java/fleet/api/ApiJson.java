package fleet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API's one JSON mapper: entities out, trees in (request bodies are checked field by field). */
final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The most JSON values (objects, arrays, strings, ...) a body may hold. A tree costs some 50
     * bytes a node: a 1 MiB body of empty objects would cost ~20 MB of heap, this bound ~1 MB. A unit
     * of 2,000 options is ~10,000 values.
     */
    static final int MAX_VALUES = 20_000;

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
            requireFewValues(body);
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // a constraint violation (nesting too deep, a number too long) carries no location
            var at = e.getLocation();
            throw ApiException.badRequest("unable to decode body: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("unable to decode body: " + e.getMessage());
        }
    }

    /**
     * Counts the values with the streaming parser, which builds nothing, before a tree is built. A
     * value takes at least two characters with its separator, so shorter bodies skip the count.
     */
    private static void requireFewValues(String body) throws java.io.IOException {
        if (body.length() < 2 * MAX_VALUES) {
            return;
        }
        try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(body)) {
            int values = 0;
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME && t != com.fasterxml.jackson.core.JsonToken.END_ARRAY
                        && t != com.fasterxml.jackson.core.JsonToken.END_OBJECT && ++values > MAX_VALUES) {
                    throw new ApiException(413, "request body holds more than " + MAX_VALUES + " JSON values");
                }
            }
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
