package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.unit.UnitOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fleet v1.0 exited 0 on usage errors and unknown units; we exit 1 (2 only for "could not place"). */
class ExitCodeTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void bareFleetctlPrintsHelpAndSucceeds() {
        CliRunner.Result r = cli.run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("list-unit-files").contains("  ssh ").contains("Not implemented: the etcd driver");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void everyCommandPrintsItsOwnUsageOnHelp(String flag) {
        // the usage-error message tells users to run 'fleetctl COMMAND --help': it has to work
        for (String command : List.of("start", "list-units", "journal", "submit", "version", "completion")) {
            CliRunner.Result r = cli.run(command, flag);
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: fleetctl " + command);
            assertThat(cli.api.writes).isEmpty();
        }
    }

    @Test
    void unknownCommandAndUnknownFlagAreErrors() {
        CliRunner.Result r = cli.run("bogus");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Unmatched argument").doesNotContain("Exception");
        assertThat(cli.run("list-units", "--bogus").code()).isEqualTo(1);
        assertThat(cli.run("status", "--no-block", "a.service").code()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"submit", "load", "start", "stop", "unload", "destroy", "restart", "status"})
    void noUnitArgumentsIsAnError(String command) {
        CliRunner.Result r = cli.run(command);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No units given");
        assertThat(cli.api.writes).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "unload", "destroy", "status", "cat"})
    void unknownUnitsAreAnError(String command) {
        CliRunner.Result r = cli.run(command, "nope.service");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope.service").contains("not found");
    }

    @Test
    void catAndJournalTakeExactlyOneUnit() {
        assertThat(cli.run("cat", "a", "b").code()).isEqualTo(1);
        assertThat(cli.run("journal").err()).contains("One unit file must be provided to journal");
    }

    @Test
    void invalidFieldsAreAnErrorBeforeAnyRequest() {
        CliRunner.Result r = cli.run("list-units", "--fields", "unit,nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("invalid key in output field: \"nope\"");
        assertThat(cli.run("list-machines", "--fields", "").code()).isEqualTo(1);
    }

    @Test
    void aBadBlockAttemptsValueIsAnError() {
        assertThat(cli.run("start", "--block-attempts", "x", "a.service").code()).isEqualTo(1);
        assertThat(cli.run("start", "--block-attempts=-1", "a.service").code()).isEqualTo(1);
    }

    @Test
    void statusExitsWithTheRemoteCommandsStatus() {
        cli.api.unit("a.service", List.of(new UnitOption("Service", "ExecStart", "/bin/true")), "launched",
                "launched", "m1");
        CliRunner.Result r = cli.run("status", "a.service");
        assertThat(r.out()).isEqualTo("status of a.service\n");
        assertThat(r.code()).isEqualTo(3);
    }

    @Test
    void versionWorksAsCommandFlagAndDashV() {
        assertThat(cli.run("version").out()).startsWith("fleetctl version ");
        assertThat(cli.run("--version").out()).startsWith("fleetctl version ");
        assertThat(cli.run("-v").out()).startsWith("fleetctl version ");
    }

    @Test
    void anUnambiguousPrefixSelectsACommand() {
        cli.api.machines.add(new fleet.schema.MachineEntity("m1", "10.0.0.1", null));
        CliRunner.Result r = cli.run("list-m");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("MACHINE\tIP\t\tMETADATA\n");
    }

    @Test
    void completionPrintsABashScript() {
        CliRunner.Result r = cli.run("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("list-unit-files");
    }
}
