package fleet.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fleet.schema.ErrorBody;
import fleet.schema.MachinePage;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.schema.UnitPage;
import fleet.schema.UnitStatePage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reader and writer agree with Jackson on the schema's annotations. */
class WireJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"units\":[]}",
        // as fleet v1.0 sends them: options without a value, no currentState for a global unit
        "{\"units\":[{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStartPre\"},"
                + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sh -c \\\"echo \\\\\\\"hi\\\\\\\"\\\"\"}],"
                + "\"desiredState\":\"launched\",\"currentState\":\"launched\",\"machineID\":\"m1\"}],"
                + "\"nextPageToken\":\"abc=\"}",
        "{\"units\":[{\"name\":\"g.service\",\"options\":[{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"}],"
                + "\"desiredState\":\"launched\"}]}",
        // ours: reasons; and fields a newer server might add
        " { \"units\" : [ { \"name\" : \"u\\u00e9\\n.service\", \"reasons\" : { \"machines\" : { \"m2\" : \"full\", "
                + "\"m1\" : \"busy\" }, \"summary\" : \"no machine\" }, \"extra\" : [1, 2.5e3, true, null, {\"k\":{}}] } ] } ",
        "{\"units\":[{\"name\":\"n.service\",\"options\":null,\"desiredState\":null}]}"
    })
    void readsUnitPagesAsJacksonDoes(String json) throws Exception {
        assertThat(WireJson.unitPage(utf8(json))).isEqualTo(JACKSON.readValue(json, UnitPage.class));
    }

    @Test
    void readsStatesAndMachinesAsJacksonDoes() throws Exception {
        String states = "{\"states\":[{\"name\":\"a.service\",\"hash\":\"0123\",\"machineID\":\"m1\","
                + "\"systemdLoadState\":\"loaded\",\"systemdActiveState\":\"active\",\"systemdSubState\":\"running\"},"
                + "{\"name\":\"b.service\",\"machineID\":\"m2\",\"agentError\":\"no such file\"}]}";
        String machines = "{\"machines\":[{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"z\":\"1\",\"a\":\"2\"}},"
                + "{\"id\":\"m2\",\"primaryIP\":\"10.0.0.2\"}],\"nextPageToken\":\"t\"}";
        assertThat(WireJson.statePage(utf8(states))).isEqualTo(JACKSON.readValue(states, UnitStatePage.class));
        assertThat(WireJson.machinePage(utf8(machines))).isEqualTo(JACKSON.readValue(machines, MachinePage.class));
    }

    @Test
    void readsARolloutAsJacksonDoesAndWritesItsBody() throws Exception {
        String json = "{\"units\":[{\"name\":\"mon.service\",\"desiredState\":\"launched\",\"rollout\":"
                + "{\"hash\":\"abc\",\"order\":[\"m1\",\"m2\"],\"machines\":[\"m1\"],\"maxParallel\":2}}]}";
        UnitPage page = WireJson.unitPage(utf8(json));
        assertThat(page).isEqualTo(JACKSON.readValue(json, UnitPage.class));
        assertThat(page.units().get(0).rollout().machines()).containsExactly("m1");

        byte[] body = WireJson.rolloutBody(List.of(new UnitOptionEntity("Service", "ExecStart", "/bin/true")),
                page.units().get(0).rollout());
        JsonNode sent = JACKSON.readTree(body);
        assertThat(sent.get("options").get(0).get("value").asText()).isEqualTo("/bin/true");
        assertThat(sent.get("order").toString()).isEqualTo("[\"m1\",\"m2\"]");
        assertThat(sent.get("machines").toString()).isEqualTo("[\"m1\"]");
        assertThat(sent.get("maxParallel").asInt()).isEqualTo(2);
    }

    @Test
    void readsFleetsErrorEnvelope() throws Exception {
        String json = "{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}";
        assertThat(WireJson.error(utf8(json))).isEqualTo(JACKSON.readValue(json, ErrorBody.class));
        assertThat(WireJson.error(utf8("{\"other\":1}")).error()).isNull();
    }

    @Test
    void writesThePutBodyAsJacksonDoes() throws Exception {
        UnitEntity body = new UnitEntity("a@1.service", List.of(new UnitOptionEntity("Service", "ExecStartPre", ""),
                new UnitOptionEntity("Service", "ExecStart", "/bin/sh -c \"echo\ttab\\\u0001 é/x\"")),
                "launched", null, null, null);
        assertThat(new String(WireJson.putBody(body), StandardCharsets.UTF_8))
                .isEqualTo(JACKSON.writeValueAsString(body));
        UnitEntity stateOnly = new UnitEntity("b.service", null, "inactive", null, null, null);
        assertThat(new String(WireJson.putBody(stateOnly), StandardCharsets.UTF_8))
                .isEqualTo(JACKSON.writeValueAsString(stateOnly));
        JsonNode parsed = JACKSON.readTree(WireJson.putBody(body));
        assertThat(parsed.get("options").get(1).get("value").asText()).isEqualTo(body.options().get(1).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "{\"units\":[}", "{\"units\":{}}", "{\"units\":[{\"name\":[]}]}", "nul",
        "{\"a\":\"\\q\"}", "{\"a\":01}", "{\"a\":\"unterminated}", "[1,]", "{\"a\" 1}"})
    void refusesWhatJacksonRefuses(String json) {
        assertThatThrownBy(() -> JACKSON.readValue(json, UnitPage.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> WireJson.unitPage(utf8(json))).isInstanceOf(WireJson.BadBodyException.class);
    }

    @Test
    void refusesTrailingCharactersThatJacksonWouldIgnore() {
        assertThatThrownBy(() -> WireJson.unitPage(utf8("{\"units\":[]} x")))
                .isInstanceOf(WireJson.BadBodyException.class).hasMessageContaining("trailing");
    }
}
