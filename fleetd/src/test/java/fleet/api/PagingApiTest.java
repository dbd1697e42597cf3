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

import fleet.registry.Presence;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.unit.UnitHash;

/** Listings are paged by {@code token_limit}, every page read at the first page's etcd revision. */
class PagingApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

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
    void threePagesOfUnitsAreOneSnapshotEvenWithWritesBetweenRequests() throws Exception {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            assertThat(f.putJson("/fleet/v1/units/" + n + ".service", UnitsApiTest.unitJson(null, "launched", n))
                    .status()).isEqualTo(201);
        }
        List<String> names = new ArrayList<>();
        JsonNode page1 = f.get("/fleet/v1/units").json();
        page1.get("units").forEach(u -> names.add(u.get("name").asText()));
        String token = page1.get("nextPageToken").asText();

        // writes between page requests: a new unit sorting first, a deletion, a state change
        f.putJson("/fleet/v1/units/0.service", UnitsApiTest.unitJson(null, "launched", "0"));
        f.delete("/fleet/v1/units/e.service");
        f.putJson("/fleet/v1/units/c.service", "{\"desiredState\":\"inactive\"}");

        JsonNode page2 = f.get("/fleet/v1/units?nextPageToken=" + token).json();
        page2.get("units").forEach(u -> names.add(u.get("name").asText()));
        assertThat(page2.get("units").get(0).get("desiredState").asText()).isEqualTo("launched");
        JsonNode page3 = f.get("/fleet/v1/units?nextPageToken=" + page2.get("nextPageToken").asText()).json();
        page3.get("units").forEach(u -> names.add(u.get("name").asText()));

        assertThat(names).containsExactly("a.service", "b.service", "c.service", "d.service", "e.service");
        assertThat(page3.has("nextPageToken")).isFalse();
        // a fresh listing sees the writes
        assertThat(f.get("/fleet/v1/units").json().get("units").get(0).get("name").asText()).isEqualTo("0.service");
    }

    @Test
    void aFullLastPageLeadsToAnEmptyPageAsInFleet() throws Exception {
        f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson(null, "launched", "a"));
        f.putJson("/fleet/v1/units/b.service", UnitsApiTest.unitJson(null, "launched", "b"));
        JsonNode page1 = f.get("/fleet/v1/units").json();
        JsonNode page2 = f.get("/fleet/v1/units?nextPageToken=" + page1.get("nextPageToken").asText()).json();
        assertThat(page2.toString()).isEqualTo("{}");
    }

    @Test
    void badTokensAre400() throws Exception {
        String foreign = new PageToken(3, 1, 5).encode();
        String pageZero = new PageToken(2, 0, 5).encode();
        assertError("/fleet/v1/units?nextPageToken=" + foreign, "token limit must be 2");
        assertError("/fleet/v1/units?nextPageToken=" + pageZero, "token page must be greater than zero");
        assertError("/fleet/v1/units?nextPageToken=AQACAA==", "invalid page token"); // fleet v1's 4-byte token
        assertError("/fleet/v1/units?nextPageToken=%25%25", "invalid page token");
        String ok = new PageToken(2, 1, f.registry.revision()).encode();
        assertError("/fleet/v1/machines?nextPageToken=" + ok + "&nextPageToken=" + ok, "too many values for page token");
        assertError("/fleet/v1/state?nextPageToken=" + foreign, "token limit must be 2");
    }

    @Test
    void aCompactedRevisionAsksToRestartTheListing() throws Exception {
        for (String n : List.of("a", "b", "c")) {
            f.putJson("/fleet/v1/units/" + n + ".service", UnitsApiTest.unitJson(null, "launched", n));
        }
        String token = f.get("/fleet/v1/units").json().get("nextPageToken").asText();
        f.putJson("/fleet/v1/units/d.service", UnitsApiTest.unitJson(null, "launched", "d"));
        f.client.getKVClient().compact(f.registry.revision()).get();
        assertError("/fleet/v1/units?nextPageToken=" + token, "restart the listing");
    }

    @Test
    void statesAndMachinesArePagedToo() throws Exception {
        Presence m1 = f.machine("m1", "10.0.0.1", Map.of());
        f.machine("m2", "10.0.0.2", Map.of());
        f.machine("m3", "10.0.0.3", Map.of());
        UnitHash h = new UnitHash("0123456789abcdef0123456789abcdef01234567");
        for (String n : List.of("a", "b", "c")) {
            f.registry.states().publish(m1, new UnitStateRecord(n + ".service", h, "m1", "loaded", "active", "running",
                    "launched"));
        }
        JsonNode machines1 = f.get("/fleet/v1/machines").json();
        JsonNode machines2 = f.get("/fleet/v1/machines?nextPageToken=" + machines1.get("nextPageToken").asText()).json();
        assertThat(machines1.get("machines")).extracting(m -> m.get("id").asText()).containsExactly("m1", "m2");
        assertThat(machines2.get("machines")).extracting(m -> m.get("id").asText()).containsExactly("m3");

        JsonNode states1 = f.get("/fleet/v1/state").json();
        JsonNode states2 = f.get("/fleet/v1/state?nextPageToken=" + states1.get("nextPageToken").asText()).json();
        assertThat(states1.get("states")).hasSize(2);
        assertThat(states2.get("states")).extracting(s -> s.get("name").asText()).containsExactly("c.service");
    }

    private void assertError(String target, String message) throws Exception {
        var r = f.get(target);
        assertThat(r.status()).as(target).isEqualTo(400);
        assertThat(r.errorMessage()).contains(message);
    }
}
