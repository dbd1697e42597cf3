package fleet.cli.api;

import fleet.testing.TestEnv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fleet.cli.http.Endpoint;
import fleet.cli.http.SocketHttpClient;
import fleet.schema.UnitEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpFleetApi} against a real HTTP server (the JDK's) on TCP: paths, headers, paging, errors. */
class HttpFleetApiTcpTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The client's port of each request: the same port twice is one connection used twice. */
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private HttpFleetApi api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:" + server.getAddress().getPort());
        api = new HttpFleetApi(new SocketHttpClient(endpoint, null, Duration.ofSeconds(5), null));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        String method = ex.getRequestMethod();
        requests.add(method + " " + target);
        clientPorts.add(ex.getRemoteAddress().getPort());
        bodies.put(method + " " + target, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null) {
            contentTypes.put(method + " " + target, ct);
        }
        switch (method + " " + target) {
            case "GET /fleet/v1/units" -> reply(ex, 200, "{\"units\":[{\"name\":\"b.service\",\"desiredState\":"
                    + "\"launched\",\"currentState\":\"launched\",\"machineID\":\"m1\",\"options\":[{\"section\":"
                    + "\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/b\"}]}],\"nextPageToken\":\"t+1=\"}");
            case "GET /fleet/v1/units?nextPageToken=t%2B1%3D" -> reply(ex, 200,
                    "{\"units\":[{\"name\":\"a.service\",\"desiredState\":\"inactive\",\"somethingNew\":1}]}");
            case "GET /fleet/v1/units/a@1.service" -> reply(ex, 200, "{\"name\":\"a@1.service\",\"desiredState\":"
                    + "\"launched\",\"currentState\":\"inactive\",\"reasons\":{\"machines\":{\"m1\":\"conflicts with "
                    + "b.service\"},\"summary\":\"no machine left\"}}");
            case "GET /fleet/v1/units/reset.service" -> reply(ex, 200, "{\"name\":\"reset.service\",\"options\":"
                    + "[{\"section\":\"Service\",\"name\":\"ExecStartPre\"},{\"section\":\"Service\",\"name\":"
                    + "\"ExecStart\",\"value\":\"/bin/true\"}],\"desiredState\":\"inactive\"}");
            case "GET /fleet/v1/units/gone.service", "DELETE /fleet/v1/units/gone.service" -> reply(ex, 404,
                    "{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}");
            case "PUT /fleet/v1/units/a.service" -> reply(ex, 204, null);
            case "PUT /fleet/v1/units/bad.service" -> reply(ex, 400,
                    "{\"error\":{\"code\":400,\"message\":\"MachineID cannot be used with Global\"}}");
            case "DELETE /fleet/v1/units/a.service" -> reply(ex, 204, null);
            case "GET /fleet/v1/state?machineID=m1&unitName=a%40b.service" -> reply(ex, 200,
                    "{\"states\":[{\"name\":\"a@b.service\",\"hash\":\"abc\",\"machineID\":\"m1\","
                    + "\"systemdLoadState\":\"loaded\",\"systemdActiveState\":\"active\",\"systemdSubState\":"
                    + "\"running\"}]}");
            case "GET /fleet/v1/machines" -> reply(ex, 500, "internal trouble");
            case "GET /fleet/v1/units/a.service/status" -> {
                ex.getResponseHeaders().add("X-Fleet-Exit-Status", "3");
                reply(ex, 200, "inactive (dead)\n");
            }
            case "GET /fleet/v1/units/a.service/journal?lines=5&follow=true" -> {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0); // chunked
                for (int i = 0; i < 3; i++) {
                    ex.getResponseBody().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                }
                ex.close();
            }
            case "GET /fleet/v1/units/slow.service" -> {
                try {
                    Thread.sleep(TestEnv.scaled(Duration.ofSeconds(3)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(ex, 200, "{}");
            }
            default -> reply(ex, 418, "unexpected " + method + " " + target);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Test
    void listUnitsFollowsNextPageTokenAndSortsByName() {
        List<UnitEntity> units = api.listUnits();
        assertThat(units).extracting(UnitEntity::name).containsExactly("a.service", "b.service");
        assertThat(UnitEntities.options(units.get(1)))
                .containsExactly(new UnitOption("Service", "ExecStart", "/bin/b"));
        assertThat(requests).containsExactly("GET /fleet/v1/units", "GET /fleet/v1/units?nextPageToken=t%2B1%3D");
    }

    @Test
    void requestsOneAfterAnotherShareOneConnection() {
        api.listUnits();
        api.putUnit("a.service", null, fleet.unit.DesiredState.LAUNCHED); // a 204: no body, still reusable
        api.getUnit("gone.service");
        assertThat(clientPorts).hasSize(4).containsOnly(clientPorts.get(0));
    }

    @Test
    void getUnitReadsReasonsAndMapsNotFoundToEmpty() {
        UnitEntity u = api.getUnit("a@1.service").orElseThrow();
        assertThat(u.reasons().summary()).isEqualTo("no machine left");
        assertThat(u.reasons().machines()).containsEntry("m1", "conflicts with b.service");
        assertThat(UnitEntities.isScheduled(u)).isFalse();
        assertThat(api.getUnit("gone.service")).isEmpty();
        assertThat(api.deleteUnit("gone.service")).isFalse();
        assertThat(api.deleteUnit("a.service")).isTrue();
    }

    @Test
    void anOptionWithoutValueIsAnEmptyValue() {
        // fleetd, like fleet v1.0, leaves an empty value out: "ExecStartPre=" comes without "value"
        UnitEntity u = api.getUnit("reset.service").orElseThrow();
        assertThat(UnitEntities.options(u)).containsExactly(new UnitOption("Service", "ExecStartPre", ""),
                new UnitOption("Service", "ExecStart", "/bin/true"));
        assertThat(UnitEntities.file(u).serialize()).contains("ExecStartPre=\n");
    }

    @Test
    void putSendsJsonWithContentTypeAndOnlyTheGivenFields() throws IOException {
        api.putUnit("a.service", List.of(new UnitOption("Service", "ExecStart", "/bin/a")), DesiredState.INACTIVE);
        assertThat(contentTypes).containsEntry("PUT /fleet/v1/units/a.service", "application/json");
        assertThat(Json.MAPPER.readTree(bodies.get("PUT /fleet/v1/units/a.service"))).isEqualTo(Json.MAPPER.readTree(
                "{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\","
                + "\"value\":\"/bin/a\"}],\"desiredState\":\"inactive\"}"));
        api.setDesiredState("a.service", DesiredState.LAUNCHED);
        assertThat(Json.MAPPER.readTree(bodies.get("PUT /fleet/v1/units/a.service")))
                .isEqualTo(Json.MAPPER.readTree("{\"name\":\"a.service\",\"desiredState\":\"launched\"}"));
    }

    @Test
    void theErrorEnvelopeBecomesTheExceptionMessage() {
        assertThatThrownBy(() -> api.setDesiredState("bad.service", DesiredState.LOADED))
                .isInstanceOf(FleetApiException.class)
                .hasMessage("MachineID cannot be used with Global (HTTP 400)")
                .extracting(e -> ((FleetApiException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> api.listMachines()).hasMessage("internal trouble (HTTP 500)");
    }

    @Test
    void stateFiltersAreEncodedQueryParameters() {
        List<UnitStateEntity> states = api.listStates("m1", "a@b.service");
        assertThat(states)
                .containsExactly(new UnitStateEntity("a@b.service", "abc", "m1", "loaded", "active", "running", null));
    }

    @Test
    void statusCarriesTheExitStatusAndJournalStreamsAChunkedBody() {
        assertThat(api.unitStatus("a.service")).isEqualTo(new UnitStatus("inactive (dead)\n", 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.journal("a.service", 5, true, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 0\nline 1\nline 2\n");
    }

    @Test
    void theRequestTimeoutBoundsEveryRequest() {
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:" + server.getAddress().getPort());
        HttpFleetApi impatient = new HttpFleetApi(new SocketHttpClient(endpoint, null, Duration.ofMillis(300), null));
        assertTimeoutPreemptively(TestEnv.scaled(Duration.ofSeconds(2)), () ->
                assertThatThrownBy(() -> impatient.getUnit("slow.service"))
                        .isInstanceOf(FleetApiException.class).hasMessageContaining("timed out after 0.3 s"));
    }

    @Test
    void aClosedPortIsAClearError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpFleetApi nowhere = new HttpFleetApi(new SocketHttpClient(Endpoint.parse("http://127.0.0.1:" + port), null,
                Duration.ofSeconds(1), null));
        assertThatThrownBy(nowhere::listUnits).isInstanceOf(FleetApiException.class)
                .hasMessageContaining("cannot talk to fleet at http://127.0.0.1:" + port);
    }
}
