package fleet.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.registry.RegistryUnavailableException;
import fleet.registry.UnitExistsException;
import fleet.registry.UnitNotFoundException;
import fleet.schema.ErrorBody;
import fleet.schema.ErrorEntity;
import io.vertx.core.http.HttpServerResponse;

/** Failures to fleet's error envelope {@code {"error":{"code":N,"message":"..."}}}. */
final class ErrorReplies {
    static final String ETCD_UNAVAILABLE = "fleet server unable to communicate with etcd";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    private ErrorReplies() {}

    static void send(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(ApiJson.write(new ErrorBody(new ErrorEntity(status, message))));
    }

    /** Maps a failure of an endpoint to its status and message; 500s hide their details, as fleet's did. */
    static ApiException map(Throwable t) {
        if (t instanceof ApiException a) {
            return a;
        }
        if (t instanceof RegistryUnavailableException) {
            LOG.warn("API request failed: {}", t.getMessage());
            return new ApiException(503, ETCD_UNAVAILABLE);
        }
        if (t instanceof fleet.registry.ContentionException) {
            return new ApiException(503, t.getMessage() + "; nothing was changed, retry");
        }
        if (t instanceof UnitNotFoundException) {
            return ApiException.notFound("unit does not exist");
        }
        if (t instanceof fleet.registry.MachineNotFoundException) {
            return ApiException.notFound(t.getMessage());
        }
        if (t instanceof UnitExistsException) {
            return ApiException.conflict(t.getMessage());
        }
        if (t instanceof fleet.registry.RevisionCompactedException) {
            return ApiException.badRequest("the listing's etcd revision has been compacted; restart the listing "
                    + "without nextPageToken");
        }
        if (t instanceof IllegalArgumentException) {
            return ApiException.badRequest(t.getMessage());
        }
        LOG.error("API request failed", t);
        return new ApiException(500, "");
    }
}
