package fleet.api;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.MetadataChange;
import fleet.registry.Presence;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.unit.UnitHash;

/** {@code /state} with filters, {@code /state/<name>}, {@code /machines} listing and metadata PATCH. */
class StatesAndMachinesApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();
    private static final UnitHash H = new UnitHash("0123456789abcdef0123456789abcdef01234567");

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
    void statesAreFilteredByMachineAndUnitWithFleetFieldNames() throws Exception {
        Presence m1 = f.machine("m1", "10.0.0.1", Map.of());
        Presence m2 = f.machine("m2", "10.0.0.2", Map.of());
        f.registry.states().publish(m1, new UnitStateRecord("a.service", H, "m1", "loaded", "active", "running", "launched"));
        f.registry.states().publish(m1, new UnitStateRecord("b.service", H, "m1", "loaded", "inactive", "dead", "loaded"));
        f.registry.states().publish(m2, new UnitStateRecord("a.service", H, "m2", "loaded", "failed", "failed", "launched"));

        assertThat(f.get("/fleet/v1/state").json().get("states")).hasSize(3);
        JsonNode onM1 = f.get("/fleet/v1/state?machineID=m1").json().get("states");
        assertThat(onM1).extracting(s -> s.get("name").asText()).containsExactly("a.service", "b.service");
        JsonNode ofA = f.get("/fleet/v1/state?unitName=a.service").json().get("states");
        assertThat(ofA).extracting(s -> s.get("machineID").asText()).containsExactly("m1", "m2");
        JsonNode both = f.get("/fleet/v1/state?unitName=a.service&machineID=m2").json().get("states");
        assertThat(both.toString()).isEqualTo("[{\"name\":\"a.service\",\"hash\":\"" + H.hex() + "\",\"machineID\":\"m2\","
                + "\"systemdLoadState\":\"loaded\",\"systemdActiveState\":\"failed\",\"systemdSubState\":\"failed\"}]");
        assertThat(f.get("/fleet/v1/state?machineID=m9").json().toString()).isEqualTo("{}");
        var bad = f.get("/fleet/v1/state?unitName=a/b.service");
        assertThat(bad.status()).isEqualTo(400);

        JsonNode one = f.get("/fleet/v1/state/b.service").json();
        assertThat(one.get("systemdSubState").asText()).isEqualTo("dead");
        var none = f.get("/fleet/v1/state/z.service");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorMessage()).isEqualTo("unit state does not exist");
    }

    @Test
    void machinesShowConfigMetadataWithDynamicMetadataMerged() throws Exception {
        f.machine("m1", "10.0.0.1", Map.of("zone", "a", "disk", "hdd"));
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "ssd")));
        f.registry.machines().updateMetadata(List.of(MetadataChange.remove("m1", "zone")));
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "rack", "r7")));

        JsonNode m = f.get("/fleet/v1/machines").json().get("machines").get(0);
        assertThat(m.toString()).isEqualTo("{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"disk\":\"ssd\",\"rack\":\"r7\"}}");
    }

    @Test
    void patchAddsReplacesAndRemovesMetadataInBothValueForms() throws Exception {
        f.machine("m1", "10.0.0.1", Map.of("zone", "a"));
        var r = f.send("PATCH", "/fleet/v1/machines", Map.of("Content-Type", "application/json"), "["
                + "{\"op\":\"add\",\"path\":\"/m1/metadata/disk\",\"value\":{\"value\":\"ssd\"}},"
                + "{\"op\":\"replace\",\"path\":\"/m1/metadata/rack\",\"value\":\"r1\"},"
                + "{\"op\":\"remove\",\"path\":\"/m1/metadata/zone\"}]");
        assertThat(r.status()).isEqualTo(204);
        assertThat(f.get("/fleet/v1/machines").json().get("machines").get(0).get("metadata").toString())
                .isEqualTo("{\"disk\":\"ssd\",\"rack\":\"r1\"}");
    }

    @Test
    void metadataOfAMachineThatIsNotRegisteredIsRefusedAndNothingIsWritten() throws Exception {
        f.machine("m1", "10.0.0.1", Map.of());
        var r = f.send("PATCH", "/fleet/v1/machines", Map.of("Content-Type", "application/json"),
                "[{\"op\":\"add\",\"path\":\"/m1/metadata/x\",\"value\":\"1\"},"
                + "{\"op\":\"add\",\"path\":\"/m2/metadata/x\",\"value\":\"1\"}]");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorMessage()).isEqualTo("machine m2 is not registered");
        assertThat(f.registry.machines().list().get("m1").metadata()).as("all or nothing").isEmpty();
        assertThat(f.keysUnder("machine-metadata/")).isEmpty();
    }

    @Test
    void badPatchesAre400AndApplyNothing() throws Exception {
        f.machine("m1", "10.0.0.1", Map.of());
        String good = "{\"op\":\"add\",\"path\":\"/m1/metadata/disk\",\"value\":\"ssd\"}";
        assertBadPatch("[" + good + ",{\"op\":\"move\",\"path\":\"/m1/metadata/x\",\"value\":\"1\"}]",
                "invalid op: expect add, remove, or replace");
        assertBadPatch("[" + good + ",{\"op\":\"add\",\"path\":\"/m1/metadata/a b\",\"value\":\"1\"}]",
                "machine metadata path invalid");
        assertBadPatch("[" + good + ",{\"op\":\"add\",\"path\":\"/m1/labels/x\",\"value\":\"1\"}]",
                "machine metadata path invalid");
        assertBadPatch("[" + good + ",{\"op\":\"replace\",\"path\":\"/m1/metadata/x\",\"value\":{\"value\":\"\"}}]",
                "invalid value: add and replace require a value");
        assertBadPatch("[" + good + ",{\"op\":\"add\",\"path\":\"/m1/metadata/x\"}]",
                "invalid value: add and replace require a value");
        assertBadPatch("[" + good + ",{\"op\":\"add\",\"path\":\"/m1/metadata/x\",\"value\":7}]", "invalid value");
        assertBadPatch("{\"op\":\"add\"}", "expected a JSON array");
        assertBadPatch("[", "unable to decode body");
        assertBadPatch("[" + good + ",{\"op\":\"add\",\"path\":\"/m1/metadata/big\",\"value\":\"" + "v".repeat(1025)
                + "\"}]", "value longer than 1024 bytes");
        assertBadPatch("[{\"op\":\"add\",\"path\":\"/m1/metadata/" + "k".repeat(129) + "\",\"value\":\"1\"}]",
                "invalid metadata key");
        assertThat(f.registry.machines().list().get("m1").metadata()).isEmpty();
    }

    private void assertBadPatch(String body, String message) throws Exception {
        var r = f.send("PATCH", "/fleet/v1/machines", Map.of("Content-Type", "application/json"), body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.errorMessage()).contains(message);
    }
}
