package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;

/** The live web view on the API's unix socket, fed by the API cache's watch on a real etcd. */
class WebViewApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();
    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(15));

    private ApiFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ApiFixture(etcd, 100);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void thePageAndItsFilesComeFromFleetdWithNothingFromElsewhere() throws Exception {
        var page = f.get("/ui/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(page.body()).contains("src=\"/ui/view.js\"").contains("href=\"/ui/view.css\"")
                .doesNotContain("http://", "https://");
        assertThat(f.get("/ui/view.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(f.get("/ui/view.js").body()).contains("new EventSource(\"/ui/events\")");
        assertThat(f.get("/ui/view.css").status()).isEqualTo(200);
        assertThat(f.get("/ui/other.js").status()).isEqualTo(404);
    }

    @Test
    void theViewIsBehindTheSameGateAsTheApi() throws Exception {
        f.server.setReady(false);

        assertThat(f.get("/ui/").status()).isEqualTo(503);
        assertThat(f.get("/ui/events").status()).isEqualTo(503);
    }

    @Test
    void theEventStreamSendsTheViewAndThenEachChange() throws Exception {
        f.machine("m1", "10.0.0.1", Map.of("role", "web"));
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()))) {
            Channels.newOutputStream(ch).write("GET /ui/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = Channels.newInputStream(ch);
            String first = readUntil(in, "\"id\":\"m1\"");
            assertThat(first).startsWith("HTTP/1.1 200").contains("text/event-stream").contains("event: view\n")
                    .contains("\"role\":\"web\"");

            assertThat(f.putJson("/fleet/v1/units/web.service", UnitsApiTest.unitJson("web.service", "launched", "web"))
                    .status()).isEqualTo(201);

            assertThat(readUntil(in, "web.service submitted (desired launched)")).contains("\"name\":\"web.service\"");
        }
        var json = f.get("/ui/view.json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().at("/view/units/0/name").asText()).isEqualTo("web.service");
        assertThat(json.json().at("/view/machines/0/metadata/role").asText()).isEqualTo("web");
    }

    /** What the stream sent until {@code needle} appeared; fails after {@link #WAIT}. */
    private static String readUntil(InputStream in, String needle) throws Exception {
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            byte[] buf = new byte[8192];
            try {
                while (seen.indexOf(needle) < 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new IOException("stream ended before " + needle + ": " + seen);
                    }
                    synchronized (seen) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
                return seen.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return read.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (seen) {
                throw new AssertionError("no " + needle + " within " + WAIT + "; the stream sent: " + seen);
            }
        }
    }
}
