package fleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/fleet-lab's own checks, which come before it needs root or touches anything: a wrong command
 * line is refused with the reason, and the state directory stays empty. (The commands that boot,
 * fault and tear down machines are exercised by every lab test through {@link LabExtension}.)
 */
class FleetLabCommandsTest {
    @TempDir
    Path state;

    FleetLab lab() {
        return new FleetLab(FleetLab.findRepoRoot(), state);
    }

    @Test
    void upRefusesABadCommandLineBeforeItTouchesAnything() throws Exception {
        assertRefused(List.of("up", "--machines", "0"), "up: --machines must be 1..99, got '0'");
        assertRefused(List.of("up", "--etcd-members", "10"), "up: --etcd-members must be 1..9, got '10'");
        assertRefused(List.of("up", "--with-fleetd", "--cloud-config"), "--with-fleetd and --cloud-config both start fleetd");
        assertRefused(List.of("up", "--machines", "2", "--metadata", "3=role=web"), "--metadata for machine 3 but only 2 machines");
        assertRefused(List.of("up", "--metadata", "role=web;zone=a"), "has characters other than");
        assertRefused(List.of("up", "--frobnicate"), "up: unknown argument '--frobnicate'");
        assertRefused(List.of("demo", "--etcd-members", "3"), "demo: unknown argument '--etcd-members' (--etcd-tls)");
        try (var entries = Files.list(state)) {
            assertThat(entries).as("nothing written to the state directory").isEmpty();
        }
    }

    @Test
    void anUnknownCommandIsRefusedAndHelpListsTheCommands() throws Exception {
        assertRefused(List.of("frobnicate"), "unknown command 'frobnicate'");
        FleetLab.Result help = lab().run(List.of("help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("fleet-lab up [--machines N]", "[--etcd-tls]", "fleet-lab demo", "fleet-lab status | down",
                "fleet-lab etcdctl");
    }

    @Test
    void withoutALabStatusSaysSoAndTheEtcdEndpointIsAnError() throws Exception {
        FleetLab.Result status = lab().run(List.of("status"));
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).isEqualTo("no lab in " + state + "\n");
        assertRefused(List.of("etcd-endpoint"), "no lab etcd in " + state);
        assertRefused(List.of("etcdctl", "get", "/"), "no lab etcd in " + state);
        assertRefused(List.of("env", "m1"), "machine m1 is not in the lab at " + state);
        assertRefused(List.of("env", "db1"), "no such machine 'db1'");
    }

    @Test
    void aSubnetOutsideLoopbackIsRefused() throws Exception {
        FleetLab lab = lab();
        lab.setEnv("FLEET_LAB_SUBNET", "10.0.0");
        FleetLab.Result r = lab.run(List.of("status"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("FLEET_LAB_SUBNET must look like 127.X.Y");
    }

    private void assertRefused(List<String> args, String reason) throws Exception {
        FleetLab.Result r = lab().run(args);
        assertThat(r.exitCode()).as("fleet-lab %s: %s", args, r.output()).isEqualTo(1);
        assertThat(r.output()).contains("fleet-lab: ").contains(reason);
    }
}
