package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.testing.EtcdExtension;

/** {@code PUT /fleet/v1/units/<name>/rollout}, ours, over the real unix socket against a real etcd. */
class RolloutApiTest {
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

    private static String options(String exec, boolean global) {
        return "[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"" + exec + "\"}"
                + (global ? ",{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"}" : "") + "]";
    }

    private static String rollout(String exec, String order, String machines, int maxParallel) {
        return "{\"options\":" + options(exec, true) + ",\"order\":" + order + ",\"machines\":" + machines
                + ",\"maxParallel\":" + maxParallel + "}";
    }

    private String error(HttpExchange.Response r) throws Exception {
        return r.json().get("error").get("message").asText();
    }

    @Test
    void aStoredRolloutIsInTheUnitWhoseOwnBodyStaysTheCommittedOne() throws Exception {
        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + options("/bin/sleep 1", true) + "}");

        var r = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[\"m1\",\"m2\"]", "[\"m1\"]",
                1));

        assertThat(r.status()).isEqualTo(204);
        JsonNode unit = f.get("/fleet/v1/units/mon.service").json();
        assertThat(unit.get("options").get(0).get("value").asText()).isEqualTo("/bin/sleep 1");
        assertThat(unit.get("rollout").get("order").toString()).isEqualTo("[\"m1\",\"m2\"]");
        assertThat(unit.get("rollout").get("machines").toString()).isEqualTo("[\"m1\"]");
        assertThat(unit.get("rollout").get("maxParallel").asInt()).isEqualTo(1);
        assertThat(unit.get("rollout").get("hash").asText()).hasSize(40);

        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + options("/bin/sleep 2", true) + "}");
        assertThat(f.get("/fleet/v1/units/mon.service").json().has("rollout")).as("a replace ends it").isFalse();
    }

    @Test
    void refusesWhatCannotBeRolledOut() throws Exception {
        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + options("/bin/sleep 1", true) + "}");
        f.putJson("/fleet/v1/units/plain.service", "{\"desiredState\":\"launched\",\"options\":"
                + options("/bin/sleep 1", false) + "}");

        var missing = f.putJson("/fleet/v1/units/none.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 1));
        assertThat(missing.status()).isEqualTo(404);
        var plain = f.putJson("/fleet/v1/units/plain.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 1));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(error(plain)).contains("not global");
        var same = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 1", "[]", "[]", 1));
        assertThat(error(same)).contains("already has this body");
        var outside = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[\"m1\"]",
                "[\"m2\"]", 1));
        assertThat(outside.status()).isEqualTo(400);
        var budget = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 0));
        assertThat(error(budget)).contains("maxParallel");
        assertThat(f.get("/fleet/v1/units/mon.service").json().has("rollout")).isFalse();
        assertThat(f.send("GET", "/fleet/v1/units/mon.service/rollout", java.util.Map.of(), null).status())
                .isEqualTo(405);
    }
}
