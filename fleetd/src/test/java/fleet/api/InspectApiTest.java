package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.registry.PlacementOp;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

/**
 * {@code /units/<name>/status} and {@code /journal} through {@link LocalUnitInspector}. systemctl and
 * journalctl are replaced by small scripts that print their arguments, so the test checks the exact
 * command lines, the exit status header and streaming without needing systemd on this box.
 */
class InspectApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private ApiFixture f;
    private Path scripts;

    @BeforeEach
    void setUp() throws Exception {
        scripts = Files.createTempDirectory("fleet-inspect-");
        Path systemctl = script("systemctl", "echo \"systemctl $*\"\nexit 3\n");
        Path journalctl = script("journalctl", "echo \"journalctl $*\"\n"
                + "case \"$*\" in *-f*) while true; do echo tick; sleep 0.1; done;; esac\n");
        f = new ApiFixture(etcd, 100, List.of(), new LocalUnitInspector(systemctl.toString(), journalctl.toString()),
                TestEnv.scaled(Duration.ofSeconds(5)));
        for (String n : List.of("here", "there", "nowhere")) {
            f.putJson("/fleet/v1/units/" + n + ".service", UnitsApiTest.unitJson(null, "launched", n));
        }
        var hash = f.registry.units().get("here.service").orElseThrow().hash();
        f.registry.apply(f.fence(), List.of(
                new PlacementOp.Place("here.service", ApiFixture.LOCAL_MACHINE, hash, DesiredState.LAUNCHED),
                new PlacementOp.Place("there.service", "m2", hash, DesiredState.LAUNCHED)));
        f.machine("m2", "10.0.0.2", Map.of());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void statusRunsSystemctlForAUnitOnThisMachine() throws Exception {
        var r = f.get("/fleet/v1/units/here.service/status");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.header("X-Fleet-Exit-Status")).isEqualTo("3");
        assertThat(r.body()).isEqualTo("systemctl status -l --no-pager -- here.service\n");
    }

    @Test
    void journalRunsJournalctlWithTheLineCount() throws Exception {
        var r = f.get("/fleet/v1/units/here.service/journal?lines=25");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("journalctl --unit=here.service --no-pager -n 25\n");
        assertThat(f.get("/fleet/v1/units/here.service/journal?lines=-1").status()).isEqualTo(400);
        assertThat(f.get("/fleet/v1/units/here.service/journal?follow=maybe").status()).isEqualTo(400);
    }

    @Test
    void aFollowedJournalStreamsUntilTheClientLeaves() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()))) {
            Channels.newOutputStream(ch).write(("GET /fleet/v1/units/here.service/journal?lines=5&follow=true "
                    + "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = Channels.newInputStream(ch);
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[256];
            while (seen.indexOf("tick") < 0 || seen.indexOf("tick") == seen.lastIndexOf("tick")) {
                int n = in.read(buf);
                assertThat(n).as("stream ended early: " + seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("journalctl --unit=here.service --no-pager "
                    + "-n 5 -f");
        }
        // the server is still fine after the client left mid-stream
        assertThat(f.get("/fleet/v1/units/here.service/status").status()).isEqualTo(200);
    }

    @Test
    void unitsElsewhereUnplacedOrMissingAreRefusedClearly() throws Exception {
        var elsewhere = f.get("/fleet/v1/units/there.service/status");
        assertThat(elsewhere.status()).isEqualTo(502);
        assertThat(elsewhere.errorMessage()).contains("runs on machine m2 (10.0.0.2)")
                .contains("publishes no API endpoint");
        var unplaced = f.get("/fleet/v1/units/nowhere.service/journal");
        assertThat(unplaced.status()).isEqualTo(404);
        assertThat(unplaced.errorMessage()).contains("not scheduled to any machine");
        assertThat(f.get("/fleet/v1/units/missing.service/status").errorMessage()).isEqualTo("unit does not exist");
        assertThat(f.get("/fleet/v1/units/bad%20name.service/status").status()).isEqualTo(400);
        assertThat(f.send("POST", "/fleet/v1/units/here.service/status", Map.of(), "{}").status()).isEqualTo(405);
    }

    private Path script(String name, String body) throws Exception {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
