package fleet.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * How to reach etcd: endpoints ({@code http(s)://host:port}), optional user and password, optional
 * TLS files (CA to trust; client certificate and key for mutual TLS). Null = not used.
 */
public record EtcdConnection(List<String> endpoints, String user, String password, Path caFile, Path certFile,
        Path keyFile) {
    public EtcdConnection {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
        endpoints = List.copyOf(endpoints);
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("etcd user and password go together");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("an etcd client certificate needs its key file, and the other way round");
        }
    }

    public static EtcdConnection plain(List<String> endpoints) {
        return new EtcdConnection(endpoints, null, null, null, null, null);
    }

    boolean tls() {
        return caFile != null || certFile != null || endpoints.stream().anyMatch(e -> e.startsWith("https://"));
    }
}
