package fleet.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each wire type against JSON as fleet v1.0 sends it (reference §6.3: Go writes the fields of its
 * generated types in alphabetical order and leaves empty ones out). Reading fleet's JSON and writing
 * it again must give the same JSON, and exactly the bytes fleetd has always sent (its own field
 * order). JSON is written with ' for " to keep it readable.
 */
class WireRoundTripTest {
    /** A plain mapper, strict about unknown fields: the types alone must carry the wire format. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One sample: a type, JSON as fleet v1.0 (or, for our additions, fleetd) sends it, and fleetd's bytes. */
    record Sample(String what, Class<?> type, String fleet, String ours) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Sample> samples() {
        return Stream.of(
                new Sample("option", UnitOptionEntity.class,
                        "{'name':'ExecStart','section':'Service','value':'/bin/sleep 1d'}",
                        "{'section':'Service','name':'ExecStart','value':'/bin/sleep 1d'}"),
                new Sample("option with an empty value", UnitOptionEntity.class,
                        "{'name':'ExecStartPre','section':'Service'}",
                        "{'section':'Service','name':'ExecStartPre'}"),
                new Sample("scheduled unit", UnitEntity.class,
                        "{'currentState':'launched','desiredState':'launched','machineID':'2c3f5c1a',"
                                + "'name':'hello.service','options':[{'name':'Description','section':'Unit',"
                                + "'value':'Hello World'},{'name':'ExecStart','section':'Service','value':'/bin/sh'}]}",
                        "{'name':'hello.service','options':[{'section':'Unit','name':'Description',"
                                + "'value':'Hello World'},{'section':'Service','name':'ExecStart','value':'/bin/sh'}],"
                                + "'desiredState':'launched','currentState':'launched','machineID':'2c3f5c1a'}"),
                new Sample("global unit: no current state, no machine", UnitEntity.class,
                        "{'desiredState':'launched','name':'g.service','options':[{'name':'Global',"
                                + "'section':'X-Fleet','value':'true'}]}",
                        "{'name':'g.service','options':[{'section':'X-Fleet','name':'Global','value':'true'}],"
                                + "'desiredState':'launched'}"),
                new Sample("PUT body of a desired state, as fleetctl sends it", UnitEntity.class,
                        "{'desiredState':'launched','name':'web@1.service'}",
                        "{'name':'web@1.service','desiredState':'launched'}"),
                new Sample("unplaced unit with our reasons", UnitEntity.class,
                        "{'currentState':'inactive','desiredState':'launched','name':'db.service','reasons':"
                                + "{'machines':{'m2':'requires role=db, has role=web','m1':'requires role=db'},"
                                + "'summary':'no machine matches MachineMetadata'}}",
                        "{'name':'db.service','desiredState':'launched','currentState':'inactive','reasons':"
                                + "{'machines':{'m1':'requires role=db','m2':'requires role=db, has role=web'},"
                                + "'summary':'no machine matches MachineMetadata'}}"),
                new Sample("our reasons send both fields even when empty", UnitReasonsEntity.class,
                        "{'machines':{},'summary':''}",
                        "{'machines':{},'summary':''}"),
                new Sample("unit state", UnitStateEntity.class,
                        "{'hash':'d2c407cb784af95a3086e0141527dc5fa9fc0290','machineID':'2c3f5c1a',"
                                + "'name':'hello.service','systemdActiveState':'active','systemdLoadState':'loaded',"
                                + "'systemdSubState':'running'}",
                        "{'name':'hello.service','hash':'d2c407cb784af95a3086e0141527dc5fa9fc0290',"
                                + "'machineID':'2c3f5c1a','systemdLoadState':'loaded','systemdActiveState':'active',"
                                + "'systemdSubState':'running'}"),
                new Sample("unit state with our agentError", UnitStateEntity.class,
                        "{'agentError':'StartUnit: unit not found','machineID':'m1','name':'b.service',"
                                + "'systemdActiveState':'inactive','systemdLoadState':'not-found',"
                                + "'systemdSubState':'dead'}",
                        "{'name':'b.service','machineID':'m1','systemdLoadState':'not-found',"
                                + "'systemdActiveState':'inactive','systemdSubState':'dead',"
                                + "'agentError':'StartUnit: unit not found'}"),
                new Sample("machine: metadata in key order", MachineEntity.class,
                        "{'id':'2c3f5c1a','metadata':{'region':'us-west','az':'us-west-1b'},"
                                + "'primaryIP':'172.17.8.101'}",
                        "{'id':'2c3f5c1a','primaryIP':'172.17.8.101',"
                                + "'metadata':{'az':'us-west-1b','region':'us-west'}}"),
                new Sample("machine without metadata", MachineEntity.class,
                        "{'id':'2c3f5c1a','primaryIP':'172.17.8.101'}",
                        "{'id':'2c3f5c1a','primaryIP':'172.17.8.101'}"),
                // fleet's token: URL-safe base64 of little-endian {limit 100, page 2}
                new Sample("unit page with a token", UnitPage.class,
                        "{'nextPageToken':'ZAACAA==','units':[{'desiredState':'inactive','name':'a.service'}]}",
                        "{'units':[{'name':'a.service','desiredState':'inactive'}],'nextPageToken':'ZAACAA=='}"),
                new Sample("last unit state page", UnitStatePage.class,
                        "{'states':[{'machineID':'m1','name':'a.service','systemdActiveState':'active'}]}",
                        "{'states':[{'name':'a.service','machineID':'m1','systemdActiveState':'active'}]}"),
                new Sample("machine page with a token", MachinePage.class,
                        "{'machines':[{'id':'m1','primaryIP':'10.0.0.1'}],'nextPageToken':'ZAACAA=='}",
                        "{'machines':[{'id':'m1','primaryIP':'10.0.0.1'}],'nextPageToken':'ZAACAA=='}"),
                new Sample("empty unit page", UnitPage.class, "{}", "{}"),
                new Sample("empty state page", UnitStatePage.class, "{}", "{}"),
                new Sample("empty machine page", MachinePage.class, "{}", "{}"),
                new Sample("error", ErrorBody.class,
                        "{'error':{'code':404,'message':'unit does not exist'}}",
                        "{'error':{'code':404,'message':'unit does not exist'}}"),
                new Sample("error with an empty message (a 500)", ErrorBody.class,
                        "{'error':{'code':500,'message':''}}",
                        "{'error':{'code':500,'message':''}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsFleetsJsonAndWritesFleetdsBytes(Sample s) throws Exception {
        String fleet = json(s.fleet());
        String written = MAPPER.writeValueAsString(MAPPER.readValue(fleet, s.type()));
        assertThat(written).isEqualTo(json(s.ours()));
        assertThat(MAPPER.readTree(written)).isEqualTo(MAPPER.readTree(fleet));
    }

    @Test
    void readValuesAreTheFieldsSent() throws Exception {
        UnitEntity u = read("{'name':'a.service','options':[{'name':'ExecStartPre','section':'Service'}],"
                + "'reasons':{'machines':{'m2':'b','m1':'a'},'summary':'s'}}", UnitEntity.class);
        assertThat(u.options()).containsExactly(new UnitOptionEntity("Service", "ExecStartPre", ""));
        assertThat(u.reasons().machines()).containsExactly(Map.entry("m1", "a"), Map.entry("m2", "b"));
        assertThat(u.currentState()).isNull();
        assertThat(read("{'desiredState':'launched','name':'b.service'}", UnitEntity.class).options()).isEmpty();
        assertThat(read("{'id':'m1'}", MachineEntity.class).metadata()).isEmpty();
        assertThat(read("{'error':{'code':503}}", ErrorBody.class).error().message()).isEmpty();
    }

    @Test
    void emptyValuesFleetdHoldsAreLeftOutOrSentAsFleetDid() throws Exception {
        assertThat(write(new UnitEntity("a.service", null, null, null, null, null)))
                .isEqualTo(json("{'name':'a.service'}"));
        assertThat(write(new MachineEntity("m1", "", null))).isEqualTo(json("{'id':'m1'}"));
        assertThat(write(new UnitPage(List.of(), null))).isEqualTo("{}");
        assertThat(write(new UnitReasonsEntity(null, null))).isEqualTo(json("{'machines':{},'summary':''}"));
        assertThat(write(new ErrorBody(new ErrorEntity(500, null))))
                .isEqualTo(json("{'error':{'code':500,'message':''}}"));
    }

    @Test
    void listsAndMapsAreCopiedNotShared() {
        List<UnitOptionEntity> options = new ArrayList<>(List.of(new UnitOptionEntity("Unit", "A", "b")));
        UnitEntity u = new UnitEntity("a.service", options, null, null, null, null);
        options.clear();
        assertThat(u.options()).hasSize(1);
    }

    private static <T> T read(String quoted, Class<T> type) throws Exception {
        return MAPPER.readValue(json(quoted), type);
    }

    private static String write(Object value) throws Exception {
        return MAPPER.writeValueAsString(value);
    }

    private static String json(String quoted) {
        return quoted.replace('\'', '"');
    }
}
