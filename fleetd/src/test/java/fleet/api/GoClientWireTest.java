package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.Presence;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.unit.UnitHash;

/**
 * Requests shaped exactly as fleet's own Go fleetctl v1.0 sends them over the unix socket (seen on
 * the wire in the check described in docs/compatibility.md): {@code Host: domain-sock}, the
 * generated client's {@code ?alt=json} and user agent, {@code @} escaped as {@code %40}, JSON bodies
 * ending in a newline, and several requests on one kept-alive connection.
 */
class GoClientWireTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final String GO_HEADERS = "Host: domain-sock\r\nUser-Agent: google-api-go-client/0.5\r\n"
            + "Accept-Encoding: gzip\r\n";

    /** What fleet v1.0's Go code (schema to unit file, then its Hash()) gives for the unit created below. */
    private static final String GO_HASH_OF_WEB1 = "d2c407cb784af95a3086e0141527dc5fa9fc0290";

    private ApiFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ApiFixture(etcd, 2);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void createStartStateAndDestroyOfATemplateInstanceOnOneKeptAliveConnection() throws Exception {
        Presence m1 = f.machine("m1", "10.0.0.1", Map.of("role", "web"));
        String create = "{\"name\":\"web@1.service\",\"options\":[{\"name\":\"ExecStart\",\"section\":\"Service\","
                + "\"value\":\"/bin/sleep 1000\"},{\"name\":\"Conflicts\",\"section\":\"X-Fleet\",\"value\":\"web@*.service\"}]}\n";
        try (GoConnection c = new GoConnection(f)) {
            JsonNode machines = c.send("GET", "/fleet/v1/machines?alt=json", null).json();
            assertThat(machines.get("machines").get(0).toString())
                    .isEqualTo("{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"role\":\"web\"}}");

            // fleetctl looks the unit up first; it treats exactly a 404 as "not there yet"
            var missing = c.send("GET", "/fleet/v1/units/web%401.service?alt=json", null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.errorMessage()).isEqualTo("unit does not exist");

            var created = c.send("PUT", "/fleet/v1/units/web%401.service?alt=json", create);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body()).isEmpty();

            var started = c.send("PUT", "/fleet/v1/units/web%401.service?alt=json",
                    "{\"desiredState\":\"launched\",\"name\":\"web@1.service\"}\n");
            assertThat(started.status()).isEqualTo(204);
            assertThat(started.body()).isEmpty();

            JsonNode unit = c.send("GET", "/fleet/v1/units/web%401.service?alt=json", null).json();
            assertThat(unit.get("name").asText()).isEqualTo("web@1.service");
            assertThat(unit.get("desiredState").asText()).isEqualTo("launched");
            assertThat(unit.get("options").get(1).toString())
                    .isEqualTo("{\"section\":\"X-Fleet\",\"name\":\"Conflicts\",\"value\":\"web@*.service\"}");

            // fleetctl hashes the options itself (list-unit-files) and prints the state's hash (list-units):
            // the two must agree, so the stored hash must be the one fleet's Go code computes for this body
            UnitHash h = f.registry.units().get("web@1.service").orElseThrow().hash();
            assertThat(h.hex()).isEqualTo(GO_HASH_OF_WEB1);
            f.registry.states().publish(m1,
                    new UnitStateRecord("web@1.service", h, "m1", "loaded", "active", "running", "launched"));
            JsonNode state = c.send("GET", "/fleet/v1/state/web%401.service?alt=json", null).json();
            assertThat(state.toString()).isEqualTo("{\"name\":\"web@1.service\",\"hash\":\"" + h.hex()
                    + "\",\"machineID\":\"m1\",\"systemdLoadState\":\"loaded\",\"systemdActiveState\":\"active\","
                    + "\"systemdSubState\":\"running\"}");

            var destroyed = c.send("DELETE", "/fleet/v1/units/web%401.service?alt=json", null);
            assertThat(destroyed.status()).isEqualTo(204);
            assertThat(c.send("GET", "/fleet/v1/units/web%401.service?alt=json", null).status()).isEqualTo(404);
        }
    }

    @Test
    void theGoClientsPagingQueryWalksEveryPage() throws Exception {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            assertThat(f.putJson("/fleet/v1/units/" + n + ".service", UnitsApiTest.unitJson(null, "loaded", n))
                    .status()).isEqualTo(201);
        }
        List<String> names = new ArrayList<>();
        try (GoConnection c = new GoConnection(f)) {
            String query = "?alt=json";
            for (int pages = 0; pages < 10; pages++) {
                JsonNode page = c.send("GET", "/fleet/v1/units" + query, null).json();
                page.get("units").forEach(u -> names.add(u.get("name").asText()));
                if (!page.has("nextPageToken")) {
                    break;
                }
                // the generated client appends the token as a second, form-encoded query parameter
                query = "?alt=json&nextPageToken="
                        + URLEncoder.encode(page.get("nextPageToken").asText(), StandardCharsets.UTF_8);
            }
        }
        assertThat(names).containsExactly("a.service", "b.service", "c.service", "d.service", "e.service");
    }

    /** One kept-alive connection to the fixture's unix socket, as Go's HTTP transport holds it. */
    private static final class GoConnection implements AutoCloseable {
        private final SocketChannel ch;
        private final InputStream in;
        private final OutputStream out;

        GoConnection(ApiFixture f) throws IOException {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()));
            in = Channels.newInputStream(ch);
            out = Channels.newOutputStream(ch);
        }

        HttpExchange.Response send(String method, String target, String json) throws IOException {
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n" + GO_HEADERS);
            byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            if (json != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            return HttpExchange.read(in);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
