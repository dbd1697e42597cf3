package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
    @TempDir
    Path root;

    private static CloudConfig parse(String body) {
        return new CloudConfigParser(new Placeholders(Map.of("public_ipv4", "192.0.2.9"))).parse("#cloud-config\n" + body);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void writesFilesWithTheirModesAndReturnsTheCommandsInOrder() throws IOException {
        ApplyResult r = new Applier(root, Set.of()).apply(parse("""
                hostname: core-1
                write_files:
                  - path: /etc/secret/token
                    permissions: '0600'
                    owner: root:root
                    content: s3cret
                  - path: /opt/x/run.sh
                    permissions: '755'
                    content: "#!/bin/sh\\n"
                  - path: /etc/plain
                    content: p
                coreos:
                  fleet:
                    public_ip: $public_ipv4
                    metadata: role=node,zone="a b",pct=100%
                  units:
                    - name: fleet.service
                      enable: true
                      command: start
                      content: "[Service]\\nExecStart=/opt/fleet/bin/fleetd\\n"
                      drop_ins:
                        - name: 10-x.conf
                          content: "[Service]\\nNice=5\\n"
                    - name: scratch.service
                      runtime: true
                      content: "[Service]\\nExecStart=/bin/true\\n"
                      command: restart
                    - name: docker.service
                      command: stop
                """));

        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("core-1\n");
        assertThat(Files.readString(root.resolve("etc/secret/token"))).isEqualTo("s3cret");
        assertThat(mode(root.resolve("etc/secret/token"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("opt/x/run.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("etc/plain"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(root.resolve("run/systemd/system/fleet.service.d/20-cloudinit.conf"))).isEqualTo("""
                [Service]
                Environment="FLEET_PUBLIC_IP=192.0.2.9"
                Environment="FLEET_METADATA=role=node,zone=\\"a b\\",pct=100%%"
                """);
        assertThat(Files.readString(root.resolve("etc/systemd/system/fleet.service"))).isEqualTo("[Service]\nExecStart=/opt/fleet/bin/fleetd\n");
        assertThat(Files.readString(root.resolve("etc/systemd/system/fleet.service.d/10-x.conf"))).isEqualTo("[Service]\nNice=5\n");
        assertThat(root.resolve("run/systemd/system/scratch.service")).isRegularFile();
        assertThat(root.resolve("etc/systemd/system/docker.service")).doesNotExist();
        try (var s = Files.list(root.resolve("etc/secret"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("token");
        }

        assertThat(r.commands()).extracting(HostCommand::line).containsExactly(
                "hostname core-1",
                "systemctl daemon-reload",
                "systemctl enable fleet.service",
                "systemctl start fleet.service",
                "systemctl restart scratch.service",
                "systemctl stop docker.service");
        assertThat(r.written()).containsExactly("/etc/hostname", "/etc/secret/token", "/opt/x/run.sh", "/etc/plain",
                "/run/systemd/system/fleet.service.d/20-cloudinit.conf", "/etc/systemd/system/fleet.service",
                "/etc/systemd/system/fleet.service.d/10-x.conf", "/run/systemd/system/scratch.service");
        assertThat(r.notes()).containsExactly("/etc/secret/token: owner 'root:root' ignored (files belong to the applier's user)");
    }

    @Test
    void etcd2BecomesAnEnvironmentDropInForTheEtcdUnit() throws IOException {
        new Applier(root, Set.of()).apply(parse("coreos:\n  etcd2:\n    name: m1\n    listen_client_urls: http://0.0.0.0:2379\n"));
        assertThat(Files.readString(root.resolve("run/systemd/system/etcd-member.service.d/20-cloudinit.conf"))).isEqualTo("""
                [Service]
                Environment="ETCD_NAME=m1"
                Environment="ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379"
                """);
    }

    @Test
    void skippedUnitsGetNeitherFilesNorCommands() {
        ApplyResult r = new Applier(root, Set.of("etcd-member.service")).apply(parse("""
                coreos:
                  etcd2:
                    name: m1
                  units:
                    - name: etcd-member.service
                      command: start
                    - name: fleet.service
                      command: start
                """));
        assertThat(root.resolve("run/systemd/system/etcd-member.service.d")).doesNotExist();
        assertThat(r.commands()).extracting(HostCommand::line).containsExactly("systemctl start fleet.service");
        assertThat(r.notes()).containsExactly("coreos.etcd2: not written, etcd-member.service is skipped (--skip-unit)",
                "etcd-member.service: skipped (--skip-unit)");
    }

    @Test
    void nothingWrittenMeansNoDaemonReload() {
        ApplyResult r = new Applier(root, Set.of()).apply(parse("coreos:\n  units:\n    - name: a.service\n      enable: true\n"));
        assertThat(r.commands()).extracting(HostCommand::line).containsExactly("systemctl enable a.service");
    }

    @Test
    void overwritesAnExistingFileAndItsMode() throws IOException {
        Path f = root.resolve("etc/x");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxrwxrwx"));
        new Applier(root, Set.of()).apply(parse("write_files:\n  - path: /etc/x\n    content: new\n    permissions: '0640'\n"));
        assertThat(Files.readString(f)).isEqualTo("new");
        assertThat(mode(f)).isEqualTo("rw-r-----");
    }

    @Test
    void refusesAValueThatCannotGoIntoAnEnvironmentVariableBeforeWritingAnything() {
        assertThatThrownBy(() -> new Applier(root, Set.of()).apply(parse(
                "hostname: h\ncoreos:\n  fleet:\n    metadata: \"a=b\\nc=d\"\n")))
                .isInstanceOf(CloudConfigException.class).hasMessageContaining("control characters");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void refusesARootThatIsNotADirectory() {
        assertThatThrownBy(() -> new Applier(root.resolve("nope"), Set.of())).hasMessageContaining("not a directory");
    }

    @Test
    void refusesUnsafeCommandWords() {
        assertThatThrownBy(() -> new HostCommand(List.of("systemctl", "start", "a b"), "x"))
                .hasMessageContaining("unsafe word");
    }
}
