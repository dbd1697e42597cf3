package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.testing.EtcdExtension;

/** fleet's routing rules: prefixes, 404/405, discovery, Server header, readiness 503, body limit 413. */
class RoutingApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

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
    void theLegacyPrefixServesTheSameApi() throws Exception {
        assertThat(f.putJson("/v1-alpha/units/a.service", UnitsApiTest.unitJson(null, "loaded", "a")).status())
                .isEqualTo(201);
        assertThat(f.get("/fleet/v1/units/a.service").json().get("desiredState").asText()).isEqualTo("loaded");
        assertThat(f.get("/v1-alpha/units").json().get("units")).hasSize(1);
        assertThat(f.get("/v1-alpha/machines").status()).isEqualTo(200);
    }

    @Test
    void rootAndBarePrefixesAre405UnknownPathsAre404() throws Exception {
        assertStatus("GET", "/", 405, "");
        assertStatus("GET", "/fleet/v1", 405, "");
        assertStatus("GET", "/v1-alpha", 405, "");
        assertStatus("GET", "/fleet/v2/units", 404, "");
        assertStatus("GET", "/fleet/v1/nothing", 404, "");
        assertStatus("GET", "/fleet/v1/units/", 404, "");
    }

    @Test
    void otherMethodsGetFleetsMessages() throws Exception {
        // POST /fleet/v1/units is our batch create (UnitBatchApiTest); the legacy prefix keeps fleet's 405
        assertStatus("POST", "/v1-alpha/units", 405, "only GET supported against this resource");
        assertStatus("PATCH", "/fleet/v1/units", 405, "only GET supported against this resource");
        assertStatus("POST", "/fleet/v1/units/a.service", 405, "only GET, PUT and DELETE supported against this resource");
        assertStatus("PUT", "/fleet/v1/state", 405, "only GET supported against this resource");
        assertStatus("DELETE", "/fleet/v1/state/a.service", 405, "only GET supported against this resource");
        assertStatus("DELETE", "/fleet/v1/machines", 405, "only GET and PATCH supported against this resource");
        assertStatus("POST", "/fleet/v1/discovery", 400, "only HTTP GET supported against this resource");
    }

    @Test
    void discoveryDescribesTheApi() throws Exception {
        var r = f.get("/fleet/v1/discovery");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode d = r.json();
        assertThat(d.get("rootUrl").asText()).isEqualTo("$ENDPOINT/");
        assertThat(d.get("resources").get("Units").get("methods").get("Set").get("httpMethod").asText()).isEqualTo("PUT");
        assertThat(d.get("schemas").get("UnitState").get("properties").has("systemdSubState")).isTrue();
        assertThat(f.get("/v1-alpha/discovery").status()).isEqualTo(200);
    }

    @Test
    void liveResponsesCarryTheServerHeader() throws Exception {
        assertThat(f.get("/fleet/v1/units").header("Server")).isEqualTo("fleetd/" + ApiFixture.VERSION);
        assertThat(f.get("/nothing").header("Server")).isEqualTo("fleetd/" + ApiFixture.VERSION);
    }

    @Test
    void everyRequestIs503UntilReady() throws Exception {
        f.server.setReady(false);
        for (String target : new String[] {"/fleet/v1/units", "/", "/nothing", "/fleet/v1/discovery"}) {
            var r = f.get(target);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.errorMessage()).isEqualTo("fleet server unable to communicate with etcd");
            assertThat(r.header("Server")).isNull();
        }
        f.server.setReady(true);
        assertThat(f.get("/fleet/v1/units").status()).isEqualTo(200);
    }

    @Test
    void aBodyAboveTheLimitIs413AndStoresNothing() throws Exception {
        String big = "x".repeat(70 * 1024);
        var r = f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson(null, "launched", big));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorMessage()).contains("larger than " + 64 * 1024 + " bytes");
        assertThat(f.registry.units().get("a.service")).isEmpty();
    }

    private void assertStatus(String method, String target, int status, String message) throws Exception {
        var r = f.send(method, target, Map.of(), method.equals("GET") || method.equals("DELETE") ? null : "{}");
        assertThat(r.status()).as(method + " " + target).isEqualTo(status);
        assertThat(r.errorMessage()).isEqualTo(message);
    }
}
