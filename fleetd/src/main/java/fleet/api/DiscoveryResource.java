package fleet.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.vertx.ext.web.RoutingContext;

/** {@code GET /discovery}: a discovery document of this API, read once from the classpath. */
final class DiscoveryResource {
    static final String RESOURCE = "/fleet/api/discovery.json";
    private final String document;

    DiscoveryResource() {
        try (InputStream in = DiscoveryResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    void serve(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(document);
    }
}
