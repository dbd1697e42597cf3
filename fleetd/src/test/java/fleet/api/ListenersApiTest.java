package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.config.ApiListener;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import io.etcd.jetcd.Client;

/** The unix socket's file handling, plain loopback TCP, and mutual TLS required off loopback. */
class ListenersApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private Client client;
    private EtcdRegistry registry;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        client = EtcdClients.build(EtcdConnection.plain(List.of(etcd.endpoint())), Duration.ofSeconds(5));
        registry = new EtcdRegistry(client, "/listeners-test/", TestEnv.scaled(Duration.ofSeconds(5)));
        dir = Files.createTempDirectory("fleet-api-l-");
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void theSocketIsMode0660InACreatedDirectoryAndAStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("a/b/fleet.sock");
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel stale = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        } // closed without unlinking: a stale socket file stays behind
        assertThat(Files.exists(socket)).isTrue();
        try (ApiServer s = server(socket, List.of(), Optional.empty())) {
            s.start();
            s.setReady(true);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            assertThat(HttpExchange.unix(socket, "GET", "/fleet/v1/machines", Map.of(), null).status()).isEqualTo(200);

            try (ApiServer second = server(socket, List.of(), Optional.empty())) {
                assertThatThrownBy(second::start).isInstanceOf(ApiStartException.class)
                        .hasMessageContaining("is in use by another process");
            }
            assertThat(HttpExchange.unix(socket, "GET", "/fleet/v1/machines", Map.of(), null).status()).isEqualTo(200);
        }
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void aListenerThatCannotBindFailsTheStartInsteadOfHanging() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ApiServer s = server(dir.resolve("busy.sock"), List.of(new ApiListener("127.0.0.1",
                        taken.getLocalPort())), Optional.empty())) {
            assertThatThrownBy(s::start).isInstanceOf(ApiStartException.class)
                    .hasMessageContaining("cannot listen").hasMessageContaining("BindException");
        }
        try (ApiServer s = server(dir.resolve("nohost.sock"), List.of(new ApiListener("no-such-host.invalid", 4999)),
                Optional.empty())) {
            assertThatThrownBy(s::start).as("refused, never a hang").isInstanceOf(ApiStartException.class);
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotRemoved() throws Exception {
        Path notASocket = Files.writeString(dir.resolve("fleet.sock"), "data");
        try (ApiServer s = server(notASocket, List.of(), Optional.empty())) {
            assertThatThrownBy(s::start).isInstanceOf(ApiStartException.class).hasMessageContaining("is not a socket");
        }
        assertThat(Files.readString(notASocket)).isEqualTo("data");
    }

    @Test
    void slowAndIdleConnectionsAreClosedAndExcessOnesRefusedWhileOthersAreServed() throws Exception {
        ConnectionGuard guard = new ConnectionGuard(Duration.ofMillis(500), 4);
        try (ApiServer s = new ApiServer(ApiFixture.settings(dir.resolve("g.sock"), List.of(new ApiListener("127.0.0.1", 0)),
                100), registry, new LocalUnitInspector(), guard)) {
            s.start();
            s.setReady(true);
            int port = s.tcpPort(0);
            Socket slowloris = new Socket(InetAddress.getLoopbackAddress(), port);
            slowloris.getOutputStream().write("GET /fleet/v1/machines HTTP/1.1\r\nHost: x\r\n".getBytes());
            Socket idle = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket third = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket fourth = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket fifth = new Socket(InetAddress.getLoopbackAddress(), port);
            fifth.setSoTimeout(5000);
            assertThat(fifth.getInputStream().read()).as("over the limit of 4: closed at once").isEqualTo(-1);
            for (Socket held : List.of(slowloris, idle, third, fourth)) {
                held.setSoTimeout(5000);
                assertThat(held.getInputStream().read()).as("closed after the header timeout").isEqualTo(-1);
                held.close();
            }
            var r = HttpExchange.over(new Socket(InetAddress.getLoopbackAddress(), port), "GET", "/fleet/v1/machines",
                    Map.of(), null);
            assertThat(r.status()).as("served once the slow ones are gone").isEqualTo(200);
            assertThat(guard.timedOut()).isGreaterThanOrEqualTo(4);
            assertThat(guard.refused()).isEqualTo(1);
        }
    }

    @Test
    void loopbackTcpMayBePlain() throws Exception {
        try (ApiServer s = server(dir.resolve("fleet.sock"), List.of(new ApiListener("127.0.0.1", 0)), Optional.empty())) {
            s.start();
            s.setReady(true);
            var r = HttpExchange.over(new Socket(InetAddress.getLoopbackAddress(), s.tcpPort(0)), "GET",
                    "/fleet/v1/units", Map.of(), null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Server")).startsWith("fleetd/");
        }
    }

    @Test
    void aNonLoopbackListenerWithoutTlsIsRefusedAtStartAndBindsNothing() throws Exception {
        Path socket = dir.resolve("fleet.sock");
        try (ApiServer s = server(socket, List.of(new ApiListener("0.0.0.0", 0)), Optional.empty())) {
            assertThatThrownBy(s::start).isInstanceOf(ApiStartException.class)
                    .hasMessage("API listener 0.0.0.0:0 is not on loopback, so it needs TLS with client certificates: "
                            + "set api_tls_certfile, api_tls_keyfile and api_tls_cafile");
        }
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void aNonLoopbackListenerServesMutualTlsOnly() throws Exception {
        TestEnv.require(TestCertificates.opensslAvailable(), "the openssl command");
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("tls")));
        try (ApiServer s = server(dir.resolve("fleet.sock"), List.of(new ApiListener("0.0.0.0", 0)), Optional.of(certs))) {
            s.start();
            s.setReady(true);
            SSLSocket withCert = (SSLSocket) certs.clientContext(true).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), s.tcpPort(0));
            assertThat(HttpExchange.over(withCert, "GET", "/fleet/v1/machines", Map.of(), null).status()).isEqualTo(200);

            SSLSocket withoutCert = (SSLSocket) certs.clientContext(false).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), s.tcpPort(0));
            assertThatThrownBy(() -> HttpExchange.over(withoutCert, "GET", "/fleet/v1/machines", Map.of(), null))
                    .isInstanceOf(IOException.class);
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), s.tcpPort(0));
            assertThatThrownBy(() -> HttpExchange.over(plain, "GET", "/fleet/v1/machines", Map.of(), null))
                    .isInstanceOf(IOException.class);
        }
    }

    private ApiServer server(Path socket, List<ApiListener> tcp, Optional<TestCertificates> tls) {
        ApiSettings base = ApiFixture.settings(socket, tcp, 100);
        ApiSettings s = tls.isEmpty() ? base : new ApiSettings(socket, tcp, Optional.of(tls.get().file("ca.pem")),
                Optional.of(tls.get().file("server.pem")), Optional.of(tls.get().file("server.key")), 100,
                ApiFixture.VERSION, ApiFixture.LOCAL_MACHINE, base.bodyLimit());
        return new ApiServer(s, registry, new LocalUnitInspector());
    }
}
