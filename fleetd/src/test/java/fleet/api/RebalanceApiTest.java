package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.PlacementOp;
import fleet.registry.StoredUnit;
import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;

/** Our rebalancing routes over the real unix socket against a real etcd: the plan, a move request, its record. */
class RebalanceApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private ApiFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ApiFixture(etcd, 100);
        f.machine("m1", "10.0.0.1", Map.of());
        f.machine("m2", "10.0.0.2", Map.of());
        f.machine("m3", "10.0.0.3", Map.of());
        List<PlacementOp> ops = new ArrayList<>();
        // four on m1, one on m2, none on m3 (it returned); pinned.service may never move
        for (String name : List.of("a.service", "b.service", "c.service", "pinned.service")) {
            String body = name.equals("pinned.service")
                    ? UnitsApiTest.unitJson(null, "launched", "x").replace("]}",
                            ",{\"section\":\"X-Fleet\",\"name\":\"MachineID\",\"value\":\"m1\"}]}")
                    : UnitsApiTest.unitJson(null, "launched", name);
            assertThat(f.putJson("/fleet/v1/units/" + name, body).status()).isEqualTo(201);
            ops.add(place(name, "m1"));
        }
        assertThat(f.putJson("/fleet/v1/units/d.service", UnitsApiTest.unitJson(null, "launched", "d")).status())
                .isEqualTo(201);
        ops.add(place("d.service", "m2"));
        f.registry.apply(f.fence(), ops);
    }

    private PlacementOp place(String name, String machine) {
        StoredUnit u = f.registry.units().get(name).orElseThrow();
        return new PlacementOp.Place(name, machine, u.hash(), DesiredState.LAUNCHED);
    }

    private static void refused(HttpExchange.Response r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.errorMessage()).isNotEmpty();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void thePlanMovesUnpinnedUnitsToTheEmptyMachineAndChangesNothing() throws Exception {
        HttpExchange.Response r = f.get("/fleet/v1/rebalance?maxMoves=5");
        assertThat(r.status()).isEqualTo(200);
        JsonNode moves = r.json().get("moves");
        assertThat(moves).hasSize(2);
        assertThat(moves.get(0).get("unit").asText()).isEqualTo("a.service");
        assertThat(moves.get(0).get("from").asText()).isEqualTo("m1");
        assertThat(moves.get(0).get("to").asText()).isEqualTo("m3");
        assertThat(moves.get(0).get("why").asText()).isEqualTo("m1 runs 4 units, m3 runs 0");
        assertThat(moves.get(1).get("unit").asText()).isEqualTo("b.service");
        assertThat(moves.get(1).get("why").asText()).isEqualTo("m1 runs 3 units, m2 runs 1");
        assertThat(r.json().get("summary").asText()).isEqualTo("balanced after 2 move(s)");
        assertThat(f.keysUnder("moves/")).isEmpty();
        assertThat(f.get("/fleet/v1/rebalance?maxMoves=0").json().get("moves")).isEmpty();
    }

    @Test
    void aMoveRequestIsRecordedForTheEngineWithoutAnOutcome() throws Exception {
        HttpExchange.Response r = f.send("POST", "/fleet/v1/rebalance/moves", JSON,
                "{\"unit\":\"a.service\",\"from\":\"m1\",\"to\":\"m3\",\"why\":\"m1 runs 4 units, m3 runs 0\"}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(f.keysUnder("moves/")).containsExactly(f.prefix + "moves/a.service");
        JsonNode record = f.get("/fleet/v1/rebalance/moves/a.service").json();
        assertThat(record.get("to").asText()).isEqualTo("m3");
        assertThat(record.has("outcome")).isFalse();
        // the API moved nothing: only the engine writes placements
        assertThat(f.get("/fleet/v1/units/a.service").json().get("machineID").asText()).isEqualTo("m1");
    }

    @Test
    void badRequestsAreRefusedWithFleetsErrorEnvelope() throws Exception {
        refused(f.send("POST", "/fleet/v1/rebalance/moves", JSON, "{\"unit\":\"nope.service\",\"from\":\"m1\",\"to\":\"m3\"}"), 404);
        refused(f.send("POST", "/fleet/v1/rebalance/moves", JSON, "{\"unit\":\"a.service\",\"from\":\"m1\"}"), 400);
        refused(f.send("POST", "/fleet/v1/rebalance/moves", JSON, "{\"unit\":\"a.service\",\"from\":\"m1\",\"to\":\"../x\"}"), 400);
        refused(f.get("/fleet/v1/rebalance?maxMoves=-1"), 400);
        refused(f.get("/fleet/v1/rebalance/moves/b.service"), 404);
        refused(f.send("DELETE", "/fleet/v1/rebalance", Map.of(), null), 405);
        assertThat(f.keysUnder("moves/")).isEmpty();
    }
}
