package fleet.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** fleet's error envelope, {@code {"error":{"code":404,"message":"unit does not exist"}}}. */
public record ErrorBody(@JsonProperty("error") ErrorEntity error) {}
