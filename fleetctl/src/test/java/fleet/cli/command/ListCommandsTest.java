package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.CliRunner;
import fleet.cli.api.Json;
import fleet.schema.MachineEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** list-units, list-unit-files and list-machines output (reference §1.5) through the whole CLI. */
class ListCommandsTest {
    private static final String M1 = "113f16a7e1a94e3fa6aafa3b8c1f2d8e";
    private static final String M2 = "2c0a7e63b0a14b3d9c3a3c8d9e0f1a2b";
    private static final List<UnitOption> HELLO = List.of(new UnitOption("Unit", "Description", "Hello World"),
            new UnitOption("Service", "ExecStart", "/bin/sleep 1d"));
    private static final List<UnitOption> GLOBAL = List.of(new UnitOption("Service", "ExecStart", "/bin/g"),
            new UnitOption("X-Fleet", "Global", "yes"));
    private final CliRunner cli = new CliRunner();

    @BeforeEach
    void cluster() {
        cli.api.machines.add(new MachineEntity(M1, "172.17.8.103", Map.of("region", "us-west", "az", "us-west-1b")));
        cli.api.machines.add(new MachineEntity(M2, null, null));
        cli.api.unit("hello.service", HELLO, "launched", "launched", M1);
        cli.api.unit("global.service", GLOBAL, "launched", null, null);
        cli.api.unit("idle.service", HELLO, "inactive", "inactive", null);
        cli.api.states.add(new UnitStateEntity("hello.service", "e55c0ae1234567890", M1, "loaded", "active", "running",
                null));
        cli.api.states.add(new UnitStateEntity("global.service", "abcdef0123456", M2, "loaded", "failed", "", null));
    }

    @Test
    void listUnitsDefaultColumns() {
        CliRunner.Result r = cli.run("list-units");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(
                "UNIT\t\tMACHINE\t\t\t\tACTIVE\tSUB\n"
                + "hello.service\t113f16a7.../172.17.8.103\tactive\trunning\n"
                + "global.service\t2c0a7e63...\t\t\tfailed\t-\n");
    }

    @Test
    void listUnitsShowsWhyAnAgentCouldNotCarryOutAUnitsTask() {
        cli.api.states.add(new UnitStateEntity("broken.service", "0123456789", M1, "not-found", "inactive", "dead",
                "Load(broken.service) failed: refused"));
        CliRunner.Result r = cli.run("list-units", "--fields", "unit,error", "--no-legend");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(
                "hello.service\t-\nglobal.service\t-\nbroken.service\tLoad(broken.service) failed: refused\n");
    }

    @Test
    void listUnitsFieldsFullAndNoLegend() {
        CliRunner.Result r = cli.run("list-units", "--fields", "hash,unit,load", "--no-legend");
        assertThat(r.out()).isEqualTo("e55c0ae\thello.service\tloaded\nabcdef0\tglobal.service\tloaded\n");
        assertThat(cli.run("list-units", "--fields=machine,hash", "--full", "--no-legend").out()).isEqualTo(
                M1 + "/172.17.8.103\te55c0ae1234567890\n" + M2 + "\t\tabcdef0123456\n");
        assertThat(cli.run("list-units", "-l", "--fields=machine", "--no-legend").out()).startsWith(M1);
    }

    @Test
    void listUnitFilesShowsDesiredStateTargetAndGlobal() {
        String hash = UnitFile.of(HELLO).hash().shortHex();
        String ghash = UnitFile.of(GLOBAL).hash().shortHex();
        CliRunner.Result r = cli.run("list-unit-files");
        assertThat(r.out()).isEqualTo(
                "UNIT\t\tHASH\tDSTATE\t\tSTATE\t\tTARGET\n"
                + "global.service\t" + ghash + "\tlaunched\t-\t\tglobal\n"
                + "hello.service\t" + hash + "\tlaunched\tlaunched\t113f16a7.../172.17.8.103\n"
                + "idle.service\t" + hash + "\tinactive\tinactive\t-\n");
        assertThat(cli.run("list-unit-files", "--fields", "unit,global,desc", "--no-legend").out()).isEqualTo(
                "global.service\tfalse\t-\n".replace("false", "true")
                + "hello.service\tfalse\tHello World\n"
                + "idle.service\tfalse\tHello World\n");
    }

    @Test
    void listUnitFilesShowsTheEnginesReasonOnRequest() {
        cli.api.units.put("flaky.service", new fleet.schema.UnitEntity("flaky.service",
                fleet.cli.api.UnitEntities.toWire(HELLO), "launched", "launched", M2,
                new fleet.schema.UnitReasonsEntity(Map.of(M1, "failed 3 times within 10m"),
                        "runs on " + M2 + "; avoids " + M1 + ", where it failed 3 times within 10m")));
        assertThat(cli.run("list-unit-files", "--fields", "unit,reason", "--no-legend").out()).isEqualTo(
                "flaky.service\truns on " + M2 + "; avoids " + M1 + ", where it failed 3 times within 10m\n"
                + "global.service\t-\n"
                + "hello.service\t-\n"
                + "idle.service\t-\n");
    }

    @Test
    void tmachineStillWorksWithAWarning() {
        CliRunner.Result r = cli.run("list-unit-files", "--fields", "unit,tmachine");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("deprecated");
        assertThat(r.out()).startsWith("UNIT\t\tTMACHINE\n");
    }

    @Test
    void listMachinesSortsMetadataByKey() {
        assertThat(cli.run("list-machines").out()).isEqualTo(
                "MACHINE\t\tIP\t\tMETADATA\n"
                + "113f16a7...\t172.17.8.103\taz=us-west-1b,region=us-west\n"
                + "2c0a7e63...\t-\t\t-\n");
    }

    @Test
    void jsonOutputPrintsTheApiObjects() throws Exception {
        CliRunner.Result r = cli.run("list-machines", "-o", "json");
        assertThat(Json.MAPPER.readTree(r.out())).isEqualTo(Json.MAPPER.readTree(
                "[{\"id\":\"" + M1 + "\",\"primaryIP\":\"172.17.8.103\",\"metadata\":{\"az\":\"us-west-1b\","
                + "\"region\":\"us-west\"}},{\"id\":\"" + M2 + "\"}]"));
        assertThat(Json.MAPPER.readTree(cli.run("list-units", "--output", "json").out()).get(0).get("hash").asText())
                .isEqualTo("e55c0ae1234567890");
        assertThat(cli.run("list-units", "-o", "yaml").code()).isEqualTo(1);
    }

    @Test
    void catPrintsTheReserializedUnit() {
        assertThat(cli.run("cat", "hello").out()).isEqualTo(UnitFile.of(HELLO).serialize());
    }
}
