package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.ServerSocket;
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
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.config.ApiListener;
import fleet.registry.MachineInfo;
import fleet.registry.PlacementOp;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

/**
 * status and journal of a unit on another machine: two real API servers on one real etcd, the
 * local one asked on its unix socket, the remote one reached on the TCP endpoint it publishes. Each
 * machine's systemctl and journalctl are scripts that name their machine, so the test sees who answered.
 */
class ForwardingApiTest {
    private static final String REMOTE = "remote00000000000000000000000000";

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private ApiFixture f;
    private ApiServer remote;
    private Path scripts;
    private String remoteEndpoint;

    @BeforeEach
    void setUp() throws Exception {
        scripts = Files.createTempDirectory("fleet-forward-");
        f = new ApiFixture(etcd, 100, List.of(), inspector("local"), TestEnv.scaled(Duration.ofSeconds(5)));
        remote = new ApiServer(new ApiSettings(scripts.resolve("remote.sock"), List.of(new ApiListener("127.0.0.1", 0)),
                Optional.empty(), Optional.empty(), Optional.empty(), 100, ApiFixture.VERSION, REMOTE, 64 * 1024),
                f.registry, inspector("remote"));
        remote.start();
        remote.setReady(true);
        remoteEndpoint = "127.0.0.1:" + remote.tcpPort(0);
        for (String n : List.of("away", "here", "mute", "lost")) {
            f.putJson("/fleet/v1/units/" + n + ".service", UnitsApiTest.unitJson(null, "launched", n));
        }
        var hash = f.registry.units().get("away.service").orElseThrow().hash();
        f.registry.apply(f.fence(), List.of(
                new PlacementOp.Place("away.service", REMOTE, hash, DesiredState.LAUNCHED),
                new PlacementOp.Place("here.service", ApiFixture.LOCAL_MACHINE, hash, DesiredState.LAUNCHED),
                new PlacementOp.Place("mute.service", "mute", hash, DesiredState.LAUNCHED),
                new PlacementOp.Place("lost.service", "lost", hash, DesiredState.LAUNCHED)));
        f.machine(new MachineInfo(REMOTE, "127.0.0.1", Map.of(), "1.0.0", null, false, remoteEndpoint));
        f.machine(new MachineInfo("mute", "10.0.0.3", Map.of(), "1.0.0", null, false));
        f.machine(new MachineInfo("lost", "10.0.0.4", Map.of(), "1.0.0", null, false, "127.0.0.1:" + closedPort()));
    }

    @AfterEach
    void tearDown() {
        remote.close();
        f.close();
    }

    @Test
    void statusOfAUnitOnAnotherMachineComesFromThatMachine() throws Exception {
        var r = f.get("/fleet/v1/units/away.service/status");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("remote: systemctl status -l --no-pager -- away.service\n");
        assertThat(r.header("X-Fleet-Exit-Status")).isEqualTo("3");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(f.get("/fleet/v1/units/here.service/status").body()).startsWith("local: ");
    }

    @Test
    void journalIsForwardedWithItsParameters() throws Exception {
        var r = f.get("/v1-alpha/units/away.service/journal?lines=7");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("remote: journalctl --unit=away.service --no-pager -n 7\n");
    }

    @Test
    void aFollowedJournalStreamsThroughAndStopsRemotelyWhenTheCallerLeaves() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(f.socket()))) {
            Channels.newOutputStream(ch).write(("GET /fleet/v1/units/away.service/journal?lines=2&follow=true "
                    + "HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = Channels.newInputStream(ch);
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[256];
            while (seen.indexOf("tick 3") < 0) {
                int n = in.read(buf);
                assertThat(n).as("stream ended early: " + seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("remote: journalctl --unit=away.service "
                    + "--no-pager -n 2 -f");
        }
        long pid = Long.parseLong(Files.readString(scripts.resolve("remote.journal.pid")).trim());
        await().atMost(TestEnv.scaled(Duration.ofSeconds(10)))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void machinesWithoutAnEndpointOrUnreachableGet502WithAReason() throws Exception {
        var mute = f.get("/fleet/v1/units/mute.service/status");
        assertThat(mute.status()).isEqualTo(502);
        assertThat(mute.errorMessage()).contains("machine mute (10.0.0.3)").contains("publishes no API endpoint");
        var lost = f.get("/fleet/v1/units/lost.service/journal");
        assertThat(lost.status()).isEqualTo(502);
        assertThat(lost.errorMessage()).startsWith("cannot reach the API of machine lost at 127.0.0.1:");
    }

    @Test
    void theRemoteMachinesErrorsComeBackInFleetsEnvelope() throws Exception {
        remote.setReady(false);
        var r = f.get("/fleet/v1/units/away.service/status");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.errorMessage()).isEqualTo(ErrorReplies.ETCD_UNAVAILABLE);
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        var r = f.send("GET", "/fleet/v1/units/away.service/status", Map.of(ApiForwarder.FORWARDED_BY, "someone"),
                null);
        assertThat(r.status()).isEqualTo(421);
        assertThat(r.errorMessage()).contains("runs on machine " + REMOTE).contains("not forwarded again");
        assertThat(f.send("GET", "/fleet/v1/units/here.service/status", Map.of(ApiForwarder.FORWARDED_BY, "someone"),
                null).status()).isEqualTo(200);
    }

    @Test
    void withTlsFilesTheMachineForwardsOverMutualTls() throws Exception {
        TestEnv.require(TestCertificates.opensslAvailable(), "the openssl command");
        TestCertificates certs = TestCertificates.create(Files.createDirectories(scripts.resolve("tls")));
        String tlsRemote = "tlsremote000000000000000000000000";
        try (ApiServer secureRemote = new ApiServer(tlsSettings(certs, "secure-remote.sock",
                List.of(new ApiListener("127.0.0.1", 0)), tlsRemote), f.registry, inspector("tls-remote"));
                ApiServer secureLocal = new ApiServer(tlsSettings(certs, "secure-local.sock", List.of(),
                        ApiFixture.LOCAL_MACHINE), f.registry, inspector("tls-local"))) {
            secureRemote.start();
            secureRemote.setReady(true);
            secureLocal.start();
            secureLocal.setReady(true);
            f.machine(new MachineInfo(tlsRemote, "127.0.0.1", Map.of(), "1.0.0", null, false,
                    "127.0.0.1:" + secureRemote.tcpPort(0)));
            var hash = f.registry.units().get("away.service").orElseThrow().hash();
            f.registry.apply(f.fence(), List.of(
                    new PlacementOp.Place("away.service", tlsRemote, hash, DesiredState.LAUNCHED)));

            var r = HttpExchange.unix(scripts.resolve("secure-local.sock"), "GET", "/fleet/v1/units/away.service/status",
                    Map.of(), null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).startsWith("tls-remote: systemctl status");
            // a machine without the TLS files cannot get in: the remote wants a client certificate
            assertThat(f.get("/fleet/v1/units/away.service/status").status()).isEqualTo(502);
        }
    }

    private ApiSettings tlsSettings(TestCertificates certs, String socket, List<ApiListener> tcp, String machine) {
        return new ApiSettings(scripts.resolve(socket), tcp, Optional.of(certs.file("ca.pem")),
                Optional.of(certs.file("server.pem")), Optional.of(certs.file("server.key")), 100, ApiFixture.VERSION,
                machine, 64 * 1024);
    }

    /** systemctl and journalctl stand-ins that say which machine ran them; a followed journal ticks. */
    private LocalUnitInspector inspector(String machine) throws Exception {
        Path systemctl = script(machine + "-systemctl", "echo \"" + machine + ": systemctl $*\"\nexit 3\n");
        Path journalctl = script(machine + "-journalctl", "echo \"" + machine + ": journalctl $*\"\n"
                + "case \"$*\" in *-f*) echo $$ > " + scripts.resolve(machine + ".journal.pid")
                + "; i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.1; done;; esac\n");
        return new LocalUnitInspector(systemctl.toString(), journalctl.toString());
    }

    private Path script(String name, String body) throws Exception {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
