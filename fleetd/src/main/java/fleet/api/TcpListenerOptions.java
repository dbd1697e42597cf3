package fleet.api;

import java.nio.file.Files;
import java.nio.file.Path;

import fleet.config.ApiListener;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Server options of one TCP listener. With the TLS files configured every TCP listener uses TLS and
 * requires a client certificate signed by the CA; without them only loopback listeners may start.
 */
final class TcpListenerOptions {
    private TcpListenerOptions() {}

    static HttpServerOptions of(ApiListener listener, ApiSettings s) {
        HttpServerOptions o = new HttpServerOptions().setHost(listener.host()).setPort(listener.port());
        if (!s.tls()) {
            if (!listener.loopback()) {
                throw new ApiStartException("API listener " + listener + " is not on loopback, so it needs TLS with "
                        + "client certificates: set api_tls_certfile, api_tls_keyfile and api_tls_cafile");
            }
            return o;
        }
        return o.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(readable(s.tlsCertFile().get(), "certificate"))
                        .setKeyPath(readable(s.tlsKeyFile().get(), "key")))
                .setTrustOptions(new PemTrustOptions().addCertPath(readable(s.tlsCaFile().get(), "CA file")))
                .setClientAuth(ClientAuth.REQUIRED);
    }

    private static String readable(Path p, String what) {
        if (!Files.isReadable(p)) {
            throw new ApiStartException("API TLS " + what + " " + p + " is missing or unreadable");
        }
        return p.toString();
    }
}
