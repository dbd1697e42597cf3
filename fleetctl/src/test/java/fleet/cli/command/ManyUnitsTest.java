package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Many units at once (issue 13, "fleetctl sends what it can at once"): the requests of a step are in
 * flight together, never more than {@link Fanout#IN_FLIGHT}, and the output is what it was when they
 * went one by one: each unit's lines in argument order, the same errors and exit codes.
 */
class ManyUnitsTest {
    private static final String BODY = "[Service]\nExecStart=/bin/sleep 1d\n";
    private static final int UNITS = 40;

    @TempDir
    Path dir;
    private final GatedFleetApi api = new GatedFleetApi(Fanout.IN_FLIGHT);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(boolean tty, List<String> args) {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tty, g -> api);
        return Main.run(args.toArray(String[]::new), Map.of(), session);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Local unit files u40 .. u01: argument order is the reverse of name order. */
    private List<String> localUnits() throws IOException {
        List<String> args = new ArrayList<>();
        for (int i = UNITS; i >= 1; i--) {
            Path file = dir.resolve(String.format("u%02d.service", i));
            Files.writeString(file, BODY);
            args.add(file.toString());
        }
        return args;
    }

    private static String lines(List<String> args, String before, String after) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append(before).append(Path.of(a).getFileName()).append(after).append('\n');
        }
        return b.toString();
    }

    private static List<String> command(List<String> prefix, List<String> units) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(units);
        return all;
    }

    @Test
    void startNoBlockSendsEachStepConcurrentlyWithinTheBoundAndPrintsInArgumentOrder() throws IOException {
        List<String> units = localUnits();
        int code = run(false, command(List.of("start", "--no-block"), units));
        assertThat(err()).isEmpty();
        assertThat(code).isEqualTo(ExitCode.OK);
        // the gate let no step through until 16 of its requests were in flight together
        assertThat(api.maxInFlight).hasValue(Fanout.IN_FLIGHT);
        assertThat(out()).isEqualTo(lines(units, "Unit ", " inactive") + lines(units, "Triggered unit ", " start"));
        assertThat(api.fake.units).hasSize(UNITS).allSatisfy((name, u) -> assertThat(u.desiredState())
                .isEqualTo("launched"));
    }

    @Test
    void instancesOfATemplateAreCreatedConcurrentlyFromItsFile() throws IOException {
        Files.writeString(dir.resolve("web@.service"), BODY);
        api.fake.unit("db@.service", List.of(new UnitOption("Service", "ExecStart", "/bin/db")), "inactive",
                null, null);
        List<String> units = new ArrayList<>();
        for (int i = 1; i <= UNITS / 2; i++) {
            units.add(dir.resolve("web@" + i + ".service").toString());
            units.add("db@" + i + ".service");
        }
        assertThat(run(false, command(List.of("submit"), units))).isEqualTo(ExitCode.OK);
        assertThat(api.maxInFlight).hasValue(Fanout.IN_FLIGHT);
        assertThat(out()).isEqualTo(lines(units, "Unit ", " inactive"));
        assertThat(api.fake.units.get("web@7.service").options().get(0).value()).isEqualTo("/bin/sleep 1d");
        assertThat(api.fake.units.get("db@7.service").options().get(0).value()).isEqualTo("/bin/db");
    }

    @Test
    void aRefusedStateChangeIsReportedInItsPlaceAndTheOthersStillAre() throws IOException {
        List<String> units = localUnits();
        api.refuseState.add("u30.service");
        api.refuseState.add("u05.service");
        int code = run(false, command(List.of("start", "--no-block"), units));
        assertThat(code).isEqualTo(ExitCode.ERROR);
        List<String> triggered = units.stream().filter(u -> !u.endsWith("u30.service") && !u.endsWith("u05.service"))
                .toList();
        assertThat(out()).isEqualTo(lines(units, "Unit ", " inactive") + lines(triggered, "Triggered unit ", " start"));
        assertThat(err()).isEqualTo("Error: refused u30.service (HTTP 400)\nError: refused u05.service (HTTP 400)\n");
    }

    @Test
    void aRefusedCreationEndsTheCommandBeforeAnyStateChange() throws IOException {
        List<String> units = localUnits();
        api.refuseCreate.add("u12.service");
        int code = run(false, command(List.of("start", "--no-block"), units));
        assertThat(code).isEqualTo(ExitCode.ERROR);
        List<String> created = units.stream().filter(u -> !u.endsWith("u12.service")).toList();
        assertThat(out()).isEqualTo(lines(created, "Unit ", " inactive"));
        assertThat(err()).isEqualTo("Error: refused u12.service (HTTP 400)\n");
        assertThat(api.fake.writes).noneMatch(w -> w.endsWith(" launched"));
    }

    @Test
    void badArgumentsAreAllReportedInOrderAndNothingIsWritten() throws IOException {
        List<String> units = localUnits();
        units.add(3, dir.resolve("missing-a.service").toString());
        units.add(dir.resolve("missing-b.service").toString());
        assertThat(run(false, command(List.of("start", "--no-block"), units))).isEqualTo(ExitCode.ERROR);
        assertThat(err()).isEqualTo(
                "Error: unable to find Unit(missing-a.service) in Registry or on filesystem\n"
                + "Error: unable to find Unit(missing-b.service) in Registry or on filesystem\n");
        assertThat(api.fake.writes).isEmpty();
        assertThat(out()).isEmpty();
    }

    @Test
    void stopReadsAndChangesManyUnitsConcurrentlyAndNamesTheMissingOne() {
        List<String> names = new ArrayList<>();
        for (int i = UNITS; i >= 1; i--) {
            String name = String.format("u%02d.service", i);
            api.fake.unit(name, List.of(new UnitOption("Service", "ExecStart", "/bin/x")), "launched", "launched",
                    "m1");
            names.add(name);
        }
        names.add(10, "gone.service");
        int code = run(false, command(List.of("stop", "--no-block"), names));
        assertThat(code).isEqualTo(ExitCode.ERROR);
        assertThat(api.maxInFlight).hasValue(Fanout.IN_FLIGHT);
        List<String> stopped = names.stream().filter(n -> !n.equals("gone.service")).toList();
        assertThat(out()).isEqualTo(lines(stopped, "Triggered unit ", " stop"));
        assertThat(err()).isEqualTo("Error: unit gone.service not found in registry\n"
                + "Successfully stopped units " + stopped + "\n");
    }

    @Test
    void progressIsDrawnOnATerminalOnlyAndNeverReachesStdout() throws IOException {
        List<String> units = localUnits();
        assertThat(run(true, command(List.of("submit"), units))).isEqualTo(ExitCode.OK);
        assertThat(err()).contains("\r\033[KCreating units: ").endsWith("\r\033[K");
        assertThat(out()).isEqualTo(lines(units, "Unit ", " inactive"));

        out.reset();
        err.reset();
        api.fake.units.clear();
        assertThat(run(false, command(List.of("submit"), units))).isEqualTo(ExitCode.OK);
        assertThat(err()).isEmpty();
    }
}
