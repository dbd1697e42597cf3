package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.FakeFleetApi;
import fleet.cli.Main;
import fleet.unit.UnitOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lazy-create through fleetd's batch route: new units in one request, in the command's target state,
 * with the output and exit codes of the unit-by-unit path (which a server without the route gets).
 */
class BatchCreateTest {
    @TempDir
    Path dir;

    /** What one run printed and wrote. */
    private record Run(int code, String out, String err, List<String> writes) {}

    private Run run(FakeFleetApi api, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, g -> api);
        int code = Main.run(args, Map.of(), session);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), api.writes);
    }

    private static FakeFleetApi server(boolean batchRoute) {
        FakeFleetApi api = new FakeFleetApi();
        api.batchRoute = batchRoute;
        return api;
    }

    private String[] command(String... prefixThenNames) throws IOException {
        List<String> args = new ArrayList<>();
        for (String a : prefixThenNames) {
            if (a.endsWith(".service")) {
                Files.writeString(dir.resolve(a), "[Service]\nExecStart=/bin/echo " + a + "\n");
                args.add(dir.resolve(a).toString());
            } else {
                args.add(a);
            }
        }
        return args.toArray(String[]::new);
    }

    @Test
    void startOfNewUnitsIsOneRequestInTheTargetStateAndPrintsWhatUnitByUnitPrints() throws IOException {
        String[] args = command("start", "--no-block", "c.service", "a.service", "b.service");
        Run batched = run(server(true), args);
        Run unitByUnit = run(server(false), args);

        assertThat(batched.writes()).containsExactly("POST c.service,a.service,b.service launched");
        assertThat(unitByUnit.writes()).hasSize(6);
        assertThat(batched.out()).isEqualTo(unitByUnit.out()).contains("Triggered unit a.service start");
        assertThat(batched.err()).isEqualTo(unitByUnit.err()).isEmpty();
        assertThat(batched.code()).isEqualTo(unitByUnit.code()).isEqualTo(ExitCode.OK);
    }

    @Test
    void loadCreatesLoadedAndSubmitInactiveWithNoOtherWrite() throws IOException {
        assertThat(run(server(true), command("load", "--no-block", "a.service", "b.service")).writes())
                .containsExactly("POST a.service,b.service loaded");
        assertThat(run(server(true), command("submit", "a.service", "b.service")).writes())
                .containsExactly("POST a.service,b.service inactive");
    }

    @Test
    void aRefusedBatchIsOneErrorExit1AndNoUnitStarts() throws IOException {
        FakeFleetApi api = server(true);
        api.refuseBatch = "unit b.service exists with different content";

        Run r = run(api, command("start", "--no-block", "a.service", "b.service"));

        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).isEqualTo("Error: unit b.service exists with different content\n");
        assertThat(r.out()).isEmpty();
        assertThat(r.writes()).containsExactly("POST a.service,b.service launched");
        assertThat(api.units).isEmpty();
    }

    @Test
    void existingUnitsAreSetAsBeforeBesideTheNewOnesBatch() throws IOException {
        FakeFleetApi api = server(true).unit("old.service", List.of(new UnitOption("Service", "ExecStart", "/bin/true")),
                "inactive", "inactive", null);

        Run r = run(api, "start", "--no-block", "old.service", command("new.service")[0]);

        assertThat(r.writes()).containsExactly("POST new.service launched", "PUT old.service launched");
        assertThat(r.out()).isEqualTo("Unit new.service inactive\nTriggered unit old.service start\n"
                + "Triggered unit new.service start\n");
    }

    @Test
    void aReplacementOrATemplateToStartGoesUnitByUnit() throws IOException {
        FakeFleetApi api = server(true).unit("a.service", List.of(new UnitOption("Service", "ExecStart", "/bin/true")),
                "inactive", "inactive", null);
        run(api, command("submit", "--replace", "a.service", "b.service"));
        assertThat(api.batchesAsked).isZero();

        Files.writeString(dir.resolve("t@.service"), "[Service]\nExecStart=/bin/echo %i\n");
        FakeFleetApi fresh = server(true);
        Run r = run(fresh, "start", "--no-block", dir.resolve("t@.service").toString());
        assertThat(fresh.batchesAsked).isZero();
        assertThat(r.writes()).first().asString().startsWith("PUT t@.service");
    }

    private String[] many(String verb, int n) throws IOException {
        String[] names = new String[n + 2];
        names[0] = verb;
        names[1] = "--no-block";
        for (int i = 0; i < n; i++) {
            names[i + 2] = "u" + i + ".service";
        }
        return command(names);
    }

    @Test
    void moreUnitsThanOneRequestAreAllCheckedFirstThenCreatedInTheTargetStateWithNoPutEach() throws IOException {
        int n = BatchCreate.PER_REQUEST + 10;

        Run r = run(server(true), many("start", n));

        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.writes()).hasSize(4);
        assertThat(r.writes().subList(0, 2)).containsExactly("CHECK " + BatchCreate.PER_REQUEST + " launched",
                "CHECK 10 launched");
        assertThat(r.writes().get(2)).endsWith(" launched").startsWith("POST u0.service,");
        assertThat(r.writes().get(3)).endsWith(" launched");
        assertThat(r.writes()).noneMatch(w -> w.startsWith("PUT "));
    }

    @Test
    void aChunkRefusedInTheCheckWritesNothingAtAll() throws IOException {
        FakeFleetApi api = server(true);
        api.refuseBatch = "unit u3.service exists with different content";

        Run r = run(api, many("start", BatchCreate.PER_REQUEST + 10));

        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).isEqualTo("Error: unit u3.service exists with different content\n");
        assertThat(r.writes()).containsExactly("CHECK " + BatchCreate.PER_REQUEST + " launched");
        assertThat(api.units).isEmpty();
    }

    @Test
    void withoutDryRunsManyUnitsAreCreatedInactiveThenEachSetAsBefore() throws IOException {
        FakeFleetApi api = server(true);
        api.dryRuns = false;
        int n = BatchCreate.PER_REQUEST + 10;

        Run r = run(api, many("start", n));

        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.writes().subList(0, 2)).allMatch(w -> w.startsWith("POST ") && w.endsWith(" inactive"));
        assertThat(r.writes().stream().filter(w -> w.startsWith("PUT ") && w.endsWith(" launched"))).hasSize(n);
    }
}
