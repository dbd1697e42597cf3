package fleet.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The inside of {@link ErrorBody}: the HTTP status and a message. Both are always sent, as fleet's
 * {@code api/error.go} did; the message may be empty (500s hide their details).
 */
public record ErrorEntity(@JsonProperty("code") int code, @JsonProperty("message") String message) {
    public ErrorEntity {
        message = message == null ? "" : message;
    }
}
