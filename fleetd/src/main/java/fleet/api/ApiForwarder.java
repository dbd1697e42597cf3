package fleet.api;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.config.ApiListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * Passes a {@code status} or {@code journal} request on to the API of the machine that runs the
 * unit (its published {@code apiEndpoint}) and streams the answer back as it comes, status and body
 * unchanged, so the caller sees that machine's reply or error envelope. The forwarded request carries
 * {@link #FORWARDED_BY}; a machine never forwards such a request again, so placements that change
 * in between cannot make requests go round. With the api_tls_* files set, this machine's certificate
 * is its client certificate there (every machine's listeners then require mutual TLS).
 */
final class ApiForwarder {
    static final String FORWARDED_BY = "X-Fleet-Forwarded-By";
    private static final Logger LOG = LoggerFactory.getLogger(ApiForwarder.class);
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    /** A status answer or a journal without follow that stays silent this long is given up. */
    private static final long IDLE_TIMEOUT_SECONDS = 60;

    private final HttpClient client;
    private final String localMachine;

    ApiForwarder(Vertx vertx, ApiSettings settings) {
        HttpClientOptions o = new HttpClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS);
        if (settings.tls()) {
            o.setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsCaFile().get().toString()))
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCertFile().get().toString())
                            .setKeyPath(settings.tlsKeyFile().get().toString()));
        }
        this.client = vertx.createHttpClient(o);
        this.localMachine = settings.machineId();
    }

    /** Forwards the request of {@code ctx} to {@code endpoint} ({@code host:port}) of {@code machine}. */
    void forward(RoutingContext ctx, String machine, String endpoint, boolean follow) {
        HttpServerResponse out = ctx.response();
        ApiListener target;
        try {
            target = ApiListener.parse(endpoint);
        } catch (IllegalArgumentException e) {
            ErrorReplies.send(out, 502, "machine " + machine + " publishes an unusable API endpoint: " + e.getMessage());
            return;
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setURI(ctx.request().uri()).putHeader(FORWARDED_BY, localMachine);
        if (!follow) {
            request.setIdleTimeout(TimeUnit.SECONDS.toMillis(IDLE_TIMEOUT_SECONDS));
        }
        client.request(request).compose(req -> {
            // the caller leaving ends the forwarded request, and with it the remote journal reader
            out.closeHandler(v -> req.reset());
            return req.send();
        }).onSuccess(in -> relay(in, out)).onFailure(t -> {
            LOG.warn("cannot forward {} to machine {} at {}: {}", ctx.request().uri(), machine, endpoint, t.toString());
            ErrorReplies.send(out, 502, "cannot reach the API of machine " + machine + " at " + endpoint + ": "
                    + t.getMessage());
        });
    }

    private static void relay(HttpClientResponse in, HttpServerResponse out) {
        if (out.closed()) {
            in.request().reset();
            return;
        }
        out.setStatusCode(in.statusCode()).setChunked(true);
        for (String header : new String[] {"Content-Type", "X-Fleet-Exit-Status"}) {
            String v = in.getHeader(header);
            if (v != null) {
                out.putHeader(header, v);
            }
        }
        in.pipeTo(out).onFailure(t -> {
            // the remote machine went away mid-stream: end what the caller has got so far
            if (!out.ended() && !out.closed()) {
                out.end();
            }
        });
    }
}
