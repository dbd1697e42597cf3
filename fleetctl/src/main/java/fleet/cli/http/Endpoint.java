package fleet.cli.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where fleet's API listens: {@code unix:///path/to.sock} (also {@code file://}), {@code http://host:port}
 * or {@code https://host:port}. Only the first of a comma-separated list is used, as fleetctl does.
 */
public record Endpoint(Kind kind, Path socket, String host, int port, String basePath) {
    public enum Kind { UNIX, HTTP, HTTPS }

    public static Endpoint parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("the endpoint is empty");
        }
        String first = raw.split(",", -1)[0].trim();
        URI uri;
        try {
            uri = new URI(first);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid endpoint \"" + first + "\": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        switch (scheme) {
            case "unix", "file" -> {
                if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                    throw new IllegalArgumentException("invalid endpoint \"" + first + "\": a unix socket URL has no "
                            + "host part; write " + scheme + ":///" + uri.getRawAuthority() + uri.getPath());
                }
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new IllegalArgumentException("invalid endpoint \"" + first + "\": no socket path");
                }
                return new Endpoint(Kind.UNIX, Path.of(uri.getPath()), "localhost", 0, "");
            }
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("invalid endpoint \"" + first + "\": no host");
                }
                boolean tls = scheme.equals("https");
                int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
                String base = withoutTrailingSlashes(uri.getRawPath());
                return new Endpoint(tls ? Kind.HTTPS : Kind.HTTP, null, uri.getHost(), port, base);
            }
            default -> throw new IllegalArgumentException("invalid endpoint \"" + first
                    + "\": the scheme must be unix://, http:// or https://");
        }
    }

    private static String withoutTrailingSlashes(String path) {
        if (path == null) {
            return "";
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** True when the raw value named more than one endpoint (the rest are ignored). */
    public static boolean isList(String raw) {
        return raw != null && raw.contains(",");
    }

    /** The value of the Host header. */
    public String hostHeader() {
        if (kind == Kind.UNIX) {
            return host;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        boolean defaultPort = (kind == Kind.HTTP && port == 80) || (kind == Kind.HTTPS && port == 443);
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIX -> "unix://" + socket;
            case HTTP -> "http://" + hostHeader() + basePath;
            case HTTPS -> "https://" + hostHeader() + basePath;
        };
    }
}
