package fleet.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import io.vertx.core.buffer.Buffer;

/** The page's files (plain HTML, CSS and JavaScript), read from the class path once. */
final class ViewAssets {
    /** A file and its media type. */
    record Asset(Buffer content, String type) {}

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "view.css", "text/css; charset=utf-8",
            "view.js", "text/javascript; charset=utf-8");

    private final Map<String, Asset> byName;

    ViewAssets() {
        Map<String, Asset> m = new HashMap<>();
        TYPES.forEach((name, type) -> m.put(name, new Asset(Buffer.buffer(read(name)), type)));
        byName = Map.copyOf(m);
    }

    Asset get(String name) {
        return byName.get(name);
    }

    private static byte[] read(String name) {
        try (InputStream in = ViewAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("web view asset missing from the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
