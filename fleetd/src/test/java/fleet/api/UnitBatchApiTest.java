package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;

/** {@code POST /fleet/v1/units}, our batch create, over the real unix socket against a real etcd. */
class UnitBatchApiTest {
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

    private HttpExchange.Response post(List<String> units) throws Exception {
        return post("", units);
    }

    private HttpExchange.Response post(String query, List<String> units) throws Exception {
        return f.send("POST", "/fleet/v1/units" + query, Map.of("Content-Type", "application/json"),
                "{\"units\":[" + String.join(",", units) + "]}");
    }

    private static List<String> many(int n, String desired) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(UnitsApiTest.unitJson("u" + i + ".service", desired, "unit " + i));
        }
        return out;
    }

    @Test
    void allValidAreCreatedInTheirDesiredStateAndAGetRightAfterSeesEach() throws Exception {
        var r = post(List.of(UnitsApiTest.unitJson("a.service", "launched", "a"),
                UnitsApiTest.unitJson("b.service", null, "b")));

        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().get("units");
        assertThat(results.get(0).get("name").asText()).isEqualTo("a.service");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(201);
        assertThat(f.get("/fleet/v1/units/a.service").json().get("desiredState").asText()).isEqualTo("launched");
        assertThat(f.get("/fleet/v1/units/b.service").json().get("desiredState").asText()).isEqualTo("inactive");
    }

    @Test
    void oneInvalidEntryIs400NamingItAndNothingIsWritten() throws Exception {
        List<String> units = new ArrayList<>(many(3, "launched"));
        units.add("{\"name\":\"bad.service\",\"options\":[{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"MachineID\",\"value\":\"abc\"}]}");

        var r = post(units);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("message").asText()).startsWith("units[3]: ");
        assertThat(f.keysUnder("units/")).isEmpty();
    }

    @Test
    void aTemplateMayOnlyBeCreatedInactive() throws Exception {
        var r = post(List.of(UnitsApiTest.unitJson("t@.service", "launched", "t")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("message").asText()).contains("cannot activate template");
        assertThat(post(List.of(UnitsApiTest.unitJson("t@.service", "inactive", "t"))).status()).isEqualTo(200);
    }

    /** Stores a.service (inactive, Description "a"), then posts a.service with {@code description} and b.service. */
    private HttpExchange.Response postOverExisting(String description) throws Exception {
        f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson("a.service", "inactive", "a"));
        return post(List.of(UnitsApiTest.unitJson("a.service", "loaded", description),
                UnitsApiTest.unitJson("b.service", "loaded", "b")));
    }

    @Test
    void anExistingUnitWithTheSameContentOnlyHasItsDesiredStateSet() throws Exception {
        var r = postOverExisting("a");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("units").get(0).get("status").asInt()).isEqualTo(204);
        assertThat(r.json().get("units").get(1).get("status").asInt()).isEqualTo(201);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LOADED);
    }

    @Test
    void anExistingUnitWithOtherContentIs409AndNothingIsWritten() throws Exception {
        var r = postOverExisting("other");

        assertThat(r.status()).isEqualTo(409);
        assertThat(f.keysUnder("units/")).hasSize(1);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);
    }

    @Test
    void aDryRunAnswersAsTheWriteWouldAndWritesNothing() throws Exception {
        f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson("a.service", "inactive", "a"));

        var r = post("?dryRun=All", List.of(UnitsApiTest.unitJson("a.service", "loaded", "a"),
                UnitsApiTest.unitJson("b.service", "launched", "b")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("dryRun").asBoolean()).isTrue();
        assertThat(r.json().get("units").get(0).get("status").asInt()).isEqualTo(204);
        assertThat(r.json().get("units").get(1).get("status").asInt()).isEqualTo(201);
        assertThat(f.keysUnder("units/")).hasSize(1);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);
    }

    @Test
    void aDryRunRefusesWhatTheWriteWouldRefuse() throws Exception {
        f.putJson("/fleet/v1/units/a.service", UnitsApiTest.unitJson("a.service", "inactive", "other"));

        var r = post("?dryRun=All", List.of(UnitsApiTest.unitJson("a.service", "launched", "a")));

        assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void anUnknownDryRunValueIs400AndWritesNothing() throws Exception {
        var r = post("?dryRun=true", List.of(UnitsApiTest.unitJson("b.service", "launched", "b")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("message").asText()).contains("dryRun must be All");
        assertThat(f.keysUnder("units/")).isEmpty();
    }

    @Test
    void aWritingReplyCarriesNoDryRunMark() throws Exception {
        var r = post(List.of(UnitsApiTest.unitJson("b.service", "launched", "b")));

        assertThat(r.json().has("dryRun")).isFalse();
    }

    @Test
    void aNameGivenTwiceIs400() throws Exception {
        var r = post(List.of(UnitsApiTest.unitJson("a.service", null, "a"), UnitsApiTest.unitJson("a.service", null, "a")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(f.keysUnder("units/")).isEmpty();
    }

    @Test
    void moreEntriesThanTheCapAreRefusedUnread() throws Exception {
        List<String> units = new ArrayList<>();
        for (int i = 0; i <= UnitBatch.MAX_ENTRIES; i++) {
            units.add("{}");
        }

        assertThat(post(units).status()).isEqualTo(413);
        assertThat(post(List.of()).status()).isEqualTo(400);
    }

    @Test
    void moreUnitsThanOneTransactionHoldsGoInSeveralAndAllAreVisibleAtOnce() throws Exception {
        var r = post(many(100, "launched"));

        assertThat(r.status()).isEqualTo(200);
        // 3 operations a unit: 42 units fit etcd's 128, so 100 take 3 transactions
        assertThat(createRevisionsUnder("units/")).hasSize(3);
        JsonNode listed = f.get("/fleet/v1/units").json().get("units");
        assertThat(listed).hasSize(100);
        listed.forEach(u -> assertThat(u.get("desiredState").asText()).isEqualTo("launched"));
    }

    @Test
    void unitsSharingABodyInOneTransactionPutTheBodyOnce() throws Exception {
        var r = post(List.of(UnitsApiTest.unitJson("x@1.service", "launched", "same"),
                UnitsApiTest.unitJson("x@2.service", "launched", "same")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(f.keysUnder("bodies/")).hasSize(1);
        assertThat(f.keysUnder("body-refs/")).hasSize(2);
    }

    @Test
    void otherMethodsOnTheCollectionStillGetFleets405() throws Exception {
        var r = f.send("DELETE", "/fleet/v1/units", Map.of(), null);

        assertThat(r.status()).isEqualTo(405);
        assertThat(f.send("POST", "/v1-alpha/units", Map.of("Content-Type", "application/json"), "{}").status())
                .isEqualTo(405);
    }

    private Set<Long> createRevisionsUnder(String relative) throws Exception {
        ByteSequence k = ByteSequence.from(f.prefix + relative, StandardCharsets.UTF_8);
        Set<Long> out = new TreeSet<>();
        f.client.getKVClient().get(k, GetOption.builder().isPrefix(true).build()).get().getKvs()
                .forEach(kv -> out.add(kv.getCreateRevision()));
        return out;
    }
}
