package fleet.registry;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

/**
 * Builds jetcd clients that dial etcd again soon after it returns ({@link RedialingClient}). jetcd
 * makes its own Vert.x instance (and closes it with the client), so each client is closed exactly
 * once by whoever built it.
 */
public final class EtcdClients {
    private EtcdClients() {}

    public static Client build(EtcdConnection c, Duration connectTimeout) {
        JulBridge.install();
        ClientBuilder b = Client.builder()
                .endpoints(c.endpoints().stream().map(EtcdClients::uri).toArray(URI[]::new))
                .connectTimeout(connectTimeout)
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .keepaliveWithoutCalls(true)
                .executorService(callbackPool());
        if (c.user() != null) {
            b.user(Etcd.bytes(c.user())).password(Etcd.bytes(c.password()));
        }
        if (c.tls()) {
            try {
                b.sslContext(ssl -> {
                    if (c.caFile() != null) {
                        ssl.trustManager(readable(c.caFile(), "etcd CA file"));
                    }
                    if (c.certFile() != null) {
                        ssl.keyManager(readable(c.certFile(), "etcd client certificate"),
                                readable(c.keyFile(), "etcd client key"));
                    }
                });
            } catch (SSLException e) {
                throw new IllegalArgumentException("etcd TLS set-up failed: " + e.getMessage(), e);
            }
        }
        return new RedialingClient(b.build());
    }

    /**
     * jetcd's callback threads (watch events, lease keep-alives): a cached pool like jetcd's own, but
     * a burst's threads go after 5 s idle instead of 60 s. jetcd leaves a given pool running at close:
     * it holds no thread once idle, so it needs no shutdown.
     */
    private static ExecutorService callbackPool() {
        AtomicInteger made = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread t = new Thread(task, "jetcd-callback-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static URI uri(String endpoint) {
        try {
            URI u = URI.create(endpoint.trim());
            if (u.getHost() == null || u.getPort() < 0 || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("missing scheme, host or port");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid etcd endpoint \"" + endpoint
                    + "\": expected http(s)://host:port (" + e.getMessage() + ")", e);
        }
    }

    private static File readable(Path p, String what) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(what + " " + p + " is missing or unreadable");
        }
        return p.toFile();
    }
}
