package fleet.cli.api;

import fleet.testing.TestEnv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import fleet.cli.http.Endpoint;
import fleet.cli.http.SocketHttpClient;
import fleet.schema.MachineEntity;
import fleet.unit.DesiredState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpFleetApi} over a unix socket, against a hand-rolled responder that shows the raw requests. */
class HttpFleetApiUnixTest {
    @TempDir
    Path dir;
    private UnixSocketResponder server;
    private HttpFleetApi api;

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("fleet.sock");
        server = new UnixSocketResponder(socket);
        api = new HttpFleetApi(new SocketHttpClient(Endpoint.parse("unix://" + socket), null, Duration.ofMillis(500),
                null));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void listMachinesCollectsEveryPage() {
        server.responses.put("GET /fleet/v1/machines", UnixSocketResponder.response(200, "application/json",
                "{\"machines\":[{\"id\":\"m2\",\"primaryIP\":\"10.0.0.2\",\"metadata\":{\"z\":\"1\",\"a\":\"2\"}}],"
                + "\"nextPageToken\":\"p2\"}"));
        server.responses.put("GET /fleet/v1/machines?nextPageToken=p2", UnixSocketResponder.response(200,
                "application/json", "{\"machines\":[{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\"}]}"));
        List<MachineEntity> machines = api.listMachines();
        assertThat(machines).extracting(MachineEntity::id).containsExactly("m1", "m2");
        assertThat(machines.get(1).metadata()).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));
        assertThat(server.requests.get(0)).startsWith("GET /fleet/v1/machines HTTP/1.1\r\n")
                .contains("\r\nHost: localhost\r\n").doesNotContain("Connection: close");
    }

    @Test
    void aWriteAnswered503IsSentAgainAndARepeatedDeleteThatFindsNothingHasSucceeded() {
        String busy = UnixSocketResponder.response(503, "application/json",
                "{\"error\":{\"code\":503,\"message\":\"fleet server unable to communicate with etcd\"}}");
        server.once.put("PUT /fleet/v1/units/a.service", new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(busy)));
        server.responses.put("PUT /fleet/v1/units/a.service", "HTTP/1.1 204 No Content\r\n\r\n");
        api.setDesiredState("a.service", DesiredState.LOADED);
        assertThat(server.requests).hasSize(2);

        server.once.put("DELETE /fleet/v1/units/a.service", new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(busy)));
        server.responses.put("DELETE /fleet/v1/units/a.service", UnixSocketResponder.response(404, "application/json",
                "{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}"));
        assertThat(api.deleteUnit("a.service")).as("the first, answered 503, may have deleted it").isTrue();
        assertThat(api.deleteUnit("a.service")).as("a plain 404 is still a missing unit").isFalse();

        server.responses.put("PUT /fleet/v1/units/b.service", busy);
        assertThatThrownBy(() -> api.setDesiredState("b.service", DesiredState.LOADED))
                .isInstanceOf(FleetApiException.class).hasMessageContaining("HTTP 503");
        assertThat(server.requests.stream().filter(r -> r.startsWith("PUT /fleet/v1/units/b.service"))).hasSize(3);
    }

    private static final List<fleet.schema.UnitEntity> TWO_NEW = List.of(
            new fleet.schema.UnitEntity("a.service", List.of(new fleet.schema.UnitOptionEntity("Service", "ExecStart",
                    "/bin/true")), "launched", null, null, null),
            new fleet.schema.UnitEntity("b.service", List.of(new fleet.schema.UnitOptionEntity("Service", "ExecStart",
                    "/bin/false")), "launched", null, null, null));

    @Test
    void createUnitsPostsEveryUnitInOneBodyAndAnEntryRefusedIsAnError() {
        server.responses.put("POST /fleet/v1/units", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[{\"name\":\"a.service\",\"status\":201,\"message\":null},"
                + "{\"name\":\"b.service\",\"status\":201,\"message\":null}]}"));
        assertThat(api.createUnits(TWO_NEW)).isTrue();
        assertThat(server.requests.get(0)).startsWith("POST /fleet/v1/units HTTP/1.1\r\n")
                .contains("Content-Type: application/json").endsWith("{\"units\":["
                + "{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\","
                + "\"value\":\"/bin/true\"}],\"desiredState\":\"launched\"},"
                + "{\"name\":\"b.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\","
                + "\"value\":\"/bin/false\"}],\"desiredState\":\"launched\"}]}");

        server.responses.put("POST /fleet/v1/units", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[{\"name\":\"a.service\",\"status\":204},"
                + "{\"name\":\"b.service\",\"status\":409,\"message\":\"b.service was created meanwhile\"}]}"));
        assertThatThrownBy(() -> api.createUnits(TWO_NEW)).isInstanceOf(FleetApiException.class)
                .hasMessage("b.service was created meanwhile");
    }

    @Test
    void aCheckIsADryRunAndOnlyAReplyMarkedAsOneCounts() {
        server.responses.put("POST /fleet/v1/units?dryRun=All", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[{\"name\":\"a.service\",\"status\":201},{\"name\":\"b.service\",\"status\":201}],"
                + "\"dryRun\":true}"));
        assertThat(api.checkUnits(TWO_NEW)).isTrue();
        assertThat(server.requests.get(0)).startsWith("POST /fleet/v1/units?dryRun=All HTTP/1.1\r\n");

        server.responses.put("POST /fleet/v1/units?dryRun=All", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[{\"name\":\"a.service\",\"status\":201},{\"name\":\"b.service\",\"status\":201}]}"));
        assertThat(api.checkUnits(TWO_NEW)).as("a server that ignored dryRun").isFalse();

        server.responses.put("POST /fleet/v1/units?dryRun=All", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[{\"name\":\"a.service\",\"status\":409,\"message\":\"a.service exists\"}],"
                + "\"dryRun\":true}"));
        assertThatThrownBy(() -> api.checkUnits(TWO_NEW)).isInstanceOf(FleetApiException.class)
                .hasMessage("a.service exists");
    }

    @Test
    void aServerWithoutTheBatchRouteIsAskedOnceThenTheCallerPutsUnitByUnit() {
        server.responses.put("POST /fleet/v1/units", UnixSocketResponder.response(405, "application/json",
                "{\"error\":{\"code\":405,\"message\":\"only GET supported against this resource\"}}"));
        assertThat(api.createUnits(TWO_NEW)).isFalse();
        assertThat(api.createUnits(TWO_NEW)).isFalse();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void putCarriesContentTypeAndLength() {
        server.responses.put("PUT /fleet/v1/units/a.service", "HTTP/1.1 204 No Content\r\n\r\n");
        api.setDesiredState("a.service", DesiredState.LOADED);
        String body = "{\"name\":\"a.service\",\"desiredState\":\"loaded\"}";
        assertThat(server.requests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("PUT /fleet/v1/units/a.service HTTP/1.1\r\n")
                .contains("\r\nContent-Type: application/json\r\n")
                .contains("\r\nContent-Length: " + body.length() + "\r\n")
                .endsWith("\r\n\r\n" + body));
    }

    @Test
    void errorEnvelopesAndForeignBodiesAreReported() {
        server.responses.put("DELETE /fleet/v1/units/a.service", UnixSocketResponder.response(405,
                "application/json", "{\"error\":{\"code\":405,\"message\":\"only GET, PUT and DELETE supported\"}}"));
        assertThatThrownBy(() -> api.deleteUnit("a.service"))
                .hasMessage("only GET, PUT and DELETE supported (HTTP 405)");
        server.responses.put("GET /fleet/v1/units", UnixSocketResponder.response(200, "application/json", "[1,2"));
        assertThatThrownBy(() -> api.listUnits()).hasMessageContaining("not the expected JSON");
        server.responses.put("GET /fleet/v1/state", "garbage\r\n\r\n");
        assertThatThrownBy(() -> api.listStates(null, null)).hasMessageContaining("not an HTTP/1.x response");
    }

    @Test
    void aRepeatedPageTokenStopsInsteadOfLoopingForever() {
        server.responses.put("GET /fleet/v1/units", UnixSocketResponder.response(200, "application/json",
                "{\"units\":[],\"nextPageToken\":\"same\"}"));
        server.responses.put("GET /fleet/v1/units?nextPageToken=same", UnixSocketResponder.response(200,
                "application/json", "{\"units\":[],\"nextPageToken\":\"same\"}"));
        assertThatThrownBy(() -> api.listUnits()).hasMessageContaining("repeated page token");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        assertTimeoutPreemptively(TestEnv.scaled(Duration.ofSeconds(3)), () ->
                assertThatThrownBy(() -> api.getUnit("silent.service"))
                        .isInstanceOf(FleetApiException.class).hasMessageContaining("timed out after 0.5 s"));
    }

    @Test
    void aMissingSocketIsAClearError() {
        HttpFleetApi nowhere = new HttpFleetApi(new SocketHttpClient(
                Endpoint.parse("unix://" + dir.resolve("none.sock")), null, Duration.ofSeconds(1), null));
        assertThatThrownBy(nowhere::listMachines).hasMessageContaining("cannot talk to fleet at unix://");
    }
}
