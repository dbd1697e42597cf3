package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.command.GlobalOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Global flags: command line > FLEETCTL_* environment > built-in default. */
class EnvPrecedenceTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void defaultsApplyWithoutFlagOrEnvironment() {
        cli.run("list-machines");
        assertThat(cli.globals.endpoint).isEqualTo("unix:///var/run/fleet.sock");
        assertThat(cli.globals.requestTimeout).isEqualTo(3.0);
        assertThat(cli.globals.debug).isFalse();
    }

    @Test
    void environmentBeatsTheDefault() {
        cli.run(Map.of("FLEETCTL_ENDPOINT", "http://10.0.0.1:49153", "FLEETCTL_REQUEST_TIMEOUT", "7.5",
                "FLEETCTL_CA_FILE", "/tmp/ca.pem", "FLEETCTL_DEBUG", "true"), "list-machines");
        assertThat(cli.globals.endpoint).isEqualTo("http://10.0.0.1:49153");
        assertThat(cli.globals.requestTimeout).isEqualTo(7.5);
        assertThat(cli.globals.caFile).isEqualTo(Path.of("/tmp/ca.pem"));
        assertThat(cli.globals.debug).isTrue();
    }

    @Test
    void aFlagBeatsTheEnvironmentBeforeOrAfterTheCommand() {
        Map<String, String> env = Map.of("FLEETCTL_ENDPOINT", "http://env:1");
        cli.run(env, "--endpoint", "http://flag:2", "list-machines");
        assertThat(cli.globals.endpoint).isEqualTo("http://flag:2");
        cli.run(env, "list-machines", "--endpoint=http://flag:3");
        assertThat(cli.globals.endpoint).isEqualTo("http://flag:3");
    }

    @Test
    void perCommandFlagsHaveNoEnvironmentForm() {
        cli.run(Map.of("FLEETCTL_NO_LEGEND", "true", "FLEETCTL_FIELDS", "ip"), "list-machines");
        cli.api.machines.add(new fleet.schema.MachineEntity("m1", "10.0.0.1", Map.of("a", "1")));
        assertThat(cli.run(Map.of("FLEETCTL_NO_LEGEND", "true"), "list-machines").out())
                .startsWith("MACHINE\tIP\t\tMETADATA\n");
    }

    @Test
    void anInvalidEnvironmentValueIsAClearError() {
        CliRunner.Result r = cli.run(Map.of("FLEETCTL_REQUEST_TIMEOUT", "soon"), "list-machines");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("soon").doesNotContain("Exception");
    }

    @Test
    void envNamesFollowFleetsRule() {
        assertThat(GlobalOptions.envName("--ca-file")).isEqualTo("FLEETCTL_CA_FILE");
        assertThat(GlobalOptions.envName("--request-timeout")).isEqualTo("FLEETCTL_REQUEST_TIMEOUT");
    }
}
