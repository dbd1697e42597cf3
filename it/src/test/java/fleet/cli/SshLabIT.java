package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * {@code fleetctl ssh} against a real sshd: each lab machine runs one (a transient unit listening
 * only on the machine's own address and port {@link #PORT}, with a host key and an authorized key
 * made here), the test's key sits in an ssh-agent of its own, and the host keys are in a known-hosts
 * file passed with {@code --known-hosts-file}, so strict host key checking stays on and a command
 * that lands on the wrong machine fails the host key check.
 */
@Tag("lab")
class SshLabIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(2).withFleetd();

    @TempDir
    static Path dir;

    static final int PORT = 2222;
    static final String IN_MACHINE = "/run/fleet-ssh-test";
    static final Duration RUN = TestEnv.scaled(Duration.ofSeconds(60));
    static Process agent;
    static FleetctlProcess fleetctl;
    static String keyFingerprint;

    @BeforeAll
    static void sshdOnEveryMachineAndTheKeyInAnAgent() throws Exception {
        TestEnv.require(Files.isExecutable(Path.of("/usr/sbin/sshd")) && Files.isExecutable(Path.of("/usr/bin/ssh-agent")),
                "sshd and ssh-agent (openssh-server, openssh-client: bin/setup installs them)");
        keygen("user");
        keyFingerprint = host("ssh-keygen", "-l", "-f", dir.resolve("user.pub").toString()).split(" ")[1];
        StringBuilder knownHosts = new StringBuilder();
        for (LabMachine m : lab.machines()) {
            String hostKey = keygen("host-" + m.name());
            knownHosts.append("[").append(m.ip()).append("]:").append(PORT).append(' ').append(hostKey).append('\n');
            startSshd(m);
        }
        Files.writeString(dir.resolve("known_hosts"), knownHosts);
        Path socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        hostWith(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", dir.resolve("user").toString());
        fleetctl = new FleetctlProcess("http://" + lab.machine(1).ip() + ":49153", dir,
                Map.of("SSH_AUTH_SOCK", socket.toString()));
        await().atMost(RUN).pollInterval(Duration.ofSeconds(1))
                .until(() -> fleetctl.run(RUN, "list-machines", "--no-legend").out().lines().count() == 2);
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.destroy();
        }
    }

    @Test
    void aMachineIdRunsTheCommandOnThatMachine() throws Exception {
        for (LabMachine m : lab.machines()) {
            var r = ssh(m.machineId().substring(0, 8), "hostname");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(m.name() + "\n");
        }
    }

    @Test
    void theRemoteCommandsExitCodeIsFleetctls() throws Exception {
        var r = ssh(lab.machine(2).machineId(), "echo leaving; exit 7");
        assertThat(r.code()).as(r.toString()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("leaving\n");
    }

    @Test
    void aUnitNameRunsTheCommandOnTheUnitsMachine() throws Exception {
        LabMachine target = lab.machine(2);
        Files.writeString(dir.resolve("pinned.service"), "[Service]\nExecStart=/bin/sleep infinity\n[X-Fleet]\nMachineID="
                + target.machineId() + "\n");
        var started = fleetctl.run(RUN, "start", "pinned.service");
        assertThat(started.code()).as(started.toString()).isZero();

        var r = ssh("pinned.service", "hostname; systemctl is-active pinned.service");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(target.name() + "\nactive\n");
    }

    @Test
    void dashAForwardsTheAgentAndItsAbsenceDoesNot() throws Exception {
        String machine = lab.machine(1).machineId();
        var forwarded = fleetctl.run(RUN, options(List.of("-A", machine, "ssh-add -l")));
        assertThat(forwarded.code()).as(forwarded.toString()).isZero();
        assertThat(forwarded.out()).contains(keyFingerprint);

        var notForwarded = ssh(machine, "ssh-add -l");
        assertThat(notForwarded.code()).as("ssh-add finds no agent: exit 2\n" + notForwarded).isEqualTo(2);
        assertThat(notForwarded.out()).doesNotContain(keyFingerprint);
    }

    @Test
    void tunnelReachesTheApiSocketOfTheTunnelsMachine() throws Exception {
        assertThat(Path.of("/var/run/fleet.sock")).as("no API socket on this host: only the tunnel reaches one")
                .doesNotExist();
        LabMachine far = lab.machine(2);
        // the far end runs fleetctl fd-forward, as fleet's tunnel did
        Path link = far.file("/usr/local/bin/fleetctl");
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, FleetctlProcess.repoRoot().resolve("bin/fleetctl"));
        FleetctlProcess local = new FleetctlProcess("unix:///var/run/fleet.sock", dir,
                Map.of("SSH_AUTH_SOCK", dir.resolve("agent.sock").toString()));

        var tunneled = local.run(RUN, "--ssh-username", "root", "--known-hosts-file",
                dir.resolve("known_hosts").toString(), "--tunnel", far.ip() + ":" + PORT, "list-machines", "--no-legend");
        assertThat(tunneled.code()).as(tunneled.toString()).isZero();
        assertThat(tunneled.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l).contains(far.ip()));

        var direct = local.run(RUN, "list-machines");
        assertThat(direct.code()).as("without the tunnel there is no socket\n" + direct).isEqualTo(1);
    }

    static FleetctlProcess.Result ssh(String target, String command) throws Exception {
        return fleetctl.run(RUN, options(List.of(target, command)));
    }

    static String[] options(List<String> rest) {
        List<String> args = new ArrayList<>(List.of("--ssh-username", "root", "--known-hosts-file",
                dir.resolve("known_hosts").toString(), "ssh", "--ssh-port", Integer.toString(PORT)));
        args.addAll(rest);
        return args.toArray(String[]::new);
    }

    /** Starts sshd in {@code m} on its own address only (lab machines share the host's network). */
    static void startSshd(LabMachine m) throws IOException {
        Path hostKey = m.writeFile(IN_MACHINE + "/host_key", Files.readString(dir.resolve("host-" + m.name())));
        Files.setPosixFilePermissions(hostKey, PosixFilePermissions.fromString("rw-------"));
        m.writeFile(IN_MACHINE + "/authorized_keys", Files.readString(dir.resolve("user.pub")));
        var r = m.exec("systemd-run", "--unit", "fleet-test-sshd", "-p", "RuntimeDirectory=sshd",
                "/usr/sbin/sshd", "-D", "-e", "-p", Integer.toString(PORT), "-o", "ListenAddress=" + m.ip(),
                "-h", IN_MACHINE + "/host_key", "-o", "AuthorizedKeysFile=" + IN_MACHINE + "/authorized_keys",
                "-o", "StrictModes=no", "-o", "PidFile=none", "-o", "UsePAM=no", "-o", "AllowAgentForwarding=yes");
        assertThat(r.exitCode()).as(r.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(m.exec("journalctl", "-u",
                "fleet-test-sshd", "--no-pager", "-o", "cat").output()).contains("Server listening on " + m.ip()));
    }

    /** Makes an ed25519 key pair {@code dir/name} and returns its public half without the comment. */
    static String keygen(String name) throws Exception {
        host("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", dir.resolve(name).toString());
        String[] pub = Files.readString(dir.resolve(name + ".pub")).trim().split(" ");
        return pub[0] + " " + pub[1];
    }

    static String host(String... command) throws Exception {
        return hostWith(Map.of(), command);
    }

    static String hostWith(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
