package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("user-data.yaml"), text);
    }

    @Test
    void appliesAndPrintsTheCommands() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path f = file("#cloud-config\ncoreos:\n  fleet:\n    public_ip: $public_ipv4\n  units:\n    - name: fleet.service\n      command: start\n");
        int rc = run("apply", "--root", root.toString(), "--file", f.toString(), "--var", "public_ipv4=10.9.8.7",
                "--fleet", "agent_ttl=5s");
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("systemctl daemon-reload\nsystemctl start fleet.service\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cloud-config: wrote /run/systemd/system/fleet.service.d/20-cloudinit.conf");
        assertThat(Files.readString(root.resolve("run/systemd/system/fleet.service.d/20-cloudinit.conf")))
                .contains("FLEET_PUBLIC_IP=10.9.8.7", "FLEET_AGENT_TTL=5s");
    }

    @Test
    void aRefusedFileWritesNothingAndExitsTwo() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path f = file("#cloud-config\nhostname: a\nssh_authorized_keys: [x]\n");
        assertThat(run("apply", "--root", root.toString(), "--file", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cloud-config: 'ssh_authorized_keys' is not supported");
        assertThat(out.size()).isZero();
        try (var s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void badUsageExitsTwoWithTheUsage() throws IOException {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: cloud-config-apply apply --root ROOT --file FILE");
        err.reset();
        assertThat(run("apply", "--root", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--root and --file are required");
        err.reset();
        assertThat(run("apply", "--root", dir.toString(), "--file", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
        err.reset();
        assertThat(run("apply", "--root", dir.toString(), "--file", file("#cloud-config\n").toString(), "--var", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--var x: expected NAME=VALUE");
        err.reset();
        assertThat(run("apply", "--bogus", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'");
    }
}
