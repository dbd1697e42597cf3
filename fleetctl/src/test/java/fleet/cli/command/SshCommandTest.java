package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.CliRunner;
import fleet.schema.MachineEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.UnitOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fleetctl ssh: which machine it reaches, and the errors that stop it before ssh runs. */
class SshCommandTest {
    private static final String M1 = "113f16a7e1a94e3fa6aafa3b8c1f2d8e";
    private static final String M2 = "11aa7e63b0a14b3d9c3a3c8d9e0f1a2b";
    private static final List<UnitOption> HELLO = List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1d"));
    private static final List<UnitOption> GLOBAL = List.of(new UnitOption("Service", "ExecStart", "/bin/g"),
            new UnitOption("X-Fleet", "Global", "yes"));
    private final CliRunner cli = new CliRunner();

    @BeforeEach
    void cluster() {
        cli.api.machines.add(new MachineEntity(M1, "127.0.0.1", Map.of()));
        cli.api.machines.add(new MachineEntity(M2, "127.0.0.2", Map.of()));
        cli.api.unit("hello.service", HELLO, "launched", "launched", M1);
        cli.api.unit("idle.service", HELLO, "inactive", "inactive", null);
        cli.api.unit("global.service", GLOBAL, "launched", null, null);
        cli.api.unit("113f.service", HELLO, "launched", "launched", M2);
    }

    private SshTarget target() {
        return new SshTarget(cli.api);
    }

    @Test
    void aMachineIsFoundByItsIdOrAUniquePrefix() {
        assertThat(target().address(M2, SshTarget.Kind.ANY)).isEqualTo("127.0.0.2");
        assertThat(target().address("11a", SshTarget.Kind.ANY)).isEqualTo("127.0.0.2");
        assertThat(target().address("113f16", SshTarget.Kind.MACHINE)).isEqualTo("127.0.0.1");
    }

    @Test
    void aUnitLeadsToTheMachineItIsPlacedOn() {
        assertThat(target().address("hello", SshTarget.Kind.ANY)).isEqualTo("127.0.0.1");
        assertThat(target().address("hello.service", SshTarget.Kind.UNIT)).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutATargetMachineTheOneMachineReportingTheUnitsStateIsUsed() {
        cli.api.unit("drifted.service", HELLO, "launched", "launched", null);
        cli.api.states.add(new UnitStateEntity("drifted.service", "abc", M2, "loaded", "active", "running", null));
        assertThat(target().address("drifted", SshTarget.Kind.ANY)).isEqualTo("127.0.0.2");
    }

    @Test
    void errorsExitNonZeroAndSayWhy() {
        assertError(cli.run("ssh", "11"), "machine prefix 11 is ambiguous");
        assertError(cli.run("ssh", "nothing"), "no machine or unit found for nothing");
        assertError(cli.run("ssh", "--machine", "9"), "machine 9 not found");
        assertError(cli.run("ssh", "--unit", "nothing"), "unit nothing.service not found");
        assertError(cli.run("ssh", "idle"), "unit idle.service is not placed on any machine");
        assertError(cli.run("ssh", "global"), "unit global.service is global");
        assertError(cli.run("ssh", "113f"), "ambiguous argument 113f");
        assertError(cli.run("ssh"), "ssh needs a machine or a unit");
        assertError(cli.run("ssh", "--ssh-port", "0", M1), "--ssh-port must be between 1 and 65535");
    }

    @Test
    void aMachineWithoutAnAddressCannotBeReached() {
        cli.api.machines.add(new MachineEntity("ff00", null, Map.of()));
        assertError(cli.run("ssh", "ff"), "machine ff00 has no public IP");
    }

    /** The real ssh client runs; nothing listens on the port, so it fails and its 255 is fleetctl's. */
    @Test
    void sshsExitCodeIsFleetctls() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRunner.Result r = cli.run("--strict-host-key-checking=false", "--ssh-timeout", "2", "ssh",
                "--ssh-port", Integer.toString(closedPort), "hello", "true");
        assertThat(r.code()).isEqualTo(255);
    }

    @Test
    void sshFlagsComeFromTheEnvironment() {
        CliRunner.Result r = cli.run(Map.of("FLEETCTL_SSH_USERNAME", "admin", "FLEETCTL_SSH_TIMEOUT", "4",
                "FLEETCTL_STRICT_HOST_KEY_CHECKING", "false", "FLEETCTL_KNOWN_HOSTS_FILE", "/k"), "ssh", "nothing");
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(cli.globals.sshUsername).isEqualTo("admin");
        assertThat(cli.globals.sshTimeout).isEqualTo(4.0);
        assertThat(cli.globals.strictHostKeyChecking).isFalse();
        assertThat(cli.globals.knownHostsFile).isEqualTo("/k");
    }

    private static void assertError(CliRunner.Result r, String message) {
        assertThat(r.code()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }
}
