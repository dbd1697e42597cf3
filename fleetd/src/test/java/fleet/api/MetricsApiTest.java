package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.metrics.FleetMetrics;
import fleet.registry.CatalogCache;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.testing.EtcdExtension;
import fleet.testing.PrometheusText;
import fleet.testing.TestEnv;
import io.etcd.jetcd.Client;

/** {@code /metrics} on the API socket: behind the same gate, in Prometheus' text format, counting the API's own requests. */
class MetricsApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private Client client;
    private CatalogCache catalog;
    private ApiServer server;
    private Path socket;

    @BeforeEach
    void setUp() throws Exception {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcd.endpoint())), Duration.ofSeconds(5));
        EtcdRegistry registry = new EtcdRegistry(client, "/metrics-test-" + UUID.randomUUID() + "/",
                TestEnv.scaled(Duration.ofSeconds(5)));
        catalog = registry.catalogCache();
        socket = Files.createTempDirectory("fleet-metrics-").resolve("fleet.sock");
        FleetMetrics metrics = new FleetMetrics();
        metrics.countUnits(catalog, ApiFixture.LOCAL_MACHINE);
        server = new ApiServer(ApiFixture.settings(socket, List.of(), 100), catalog, new LocalUnitInspector(),
                metrics.api());
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        catalog.close();
        client.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    private HttpExchange.Response send(String method, String target, String body) throws Exception {
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return HttpExchange.unix(socket, method, target, headers, body);
    }

    private PrometheusText scrape() throws Exception {
        HttpExchange.Response r = send("GET", "/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    @Test
    void servedAfterTheGateOpensAsFleetV1Did() throws Exception {
        assertThat(send("GET", "/metrics", null).status()).isEqualTo(503);
        server.setReady(true);

        HttpExchange.Response r = send("GET", "/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(PrometheusText.parse(r.body()).has("fleet_engine_leader")).isTrue();
        assertThat(send("POST", "/metrics", "{}").status()).isEqualTo(405);
    }

    @Test
    void countsRequestsByRouteTemplateAndStatusAndUnitsByDesiredState() throws Exception {
        server.setReady(true);
        assertThat(send("PUT", "/fleet/v1/units/a.service", UnitsApiTest.unitJson(null, "loaded", "a")).status())
                .isEqualTo(201);
        assertThat(send("GET", "/fleet/v1/units/a.service", null).status()).isEqualTo(200);
        assertThat(send("GET", "/fleet/v1/units/b.service", null).status()).isEqualTo(404);
        assertThat(send("GET", "/no/such/path", null).status()).isEqualTo(404);

        await().atMost(TestEnv.scaled(Duration.ofSeconds(5))).untilAsserted(() -> {
            PrometheusText t = scrape();
            String route = "/fleet/v1/units/{name}";
            assertThat(t.sum("fleet_api_requests_seconds_count", "method", "PUT", "route", route, "code", "201"))
                    .isEqualTo(1);
            assertThat(t.sum("fleet_api_requests_seconds_count", "method", "GET", "route", route, "code", "200"))
                    .isEqualTo(1);
            assertThat(t.sum("fleet_api_requests_seconds_count", "method", "GET", "route", route, "code", "404"))
                    .isEqualTo(1);
            assertThat(t.sum("fleet_api_requests_seconds_count", "route", "other", "code", "404")).isEqualTo(1);
            assertThat(t.sum("fleet_units_desired", "state", "loaded")).isEqualTo(1);
            assertThat(t.sum("fleet_units_desired", "state", "launched")).isZero();
        });
    }
}
