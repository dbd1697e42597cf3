package fleet.fleetd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import fleet.config.ConfigLoader;
import fleet.systemd.DbusSystemdManager;
import fleet.systemd.SystemdManager;

/**
 * The training run for fleetd's AppCDS archive ({@code fleetd/dist/fleetd-cds}): the class list of
 * this run is what the archive holds. It starts the real daemon from a throwaway directory against
 * an etcd address nobody listens on (the client, gRPC, Netty, the API server and its routes load),
 * asks the API what a user would while it waits for etcd, reads a unit's state from systemd when a
 * system bus is there, takes a state dump, and stops. It needs no etcd, so it runs wherever fleetd
 * is built or installed. Classes it misses load from the jars as usual.
 */
public final class CdsTraining {
    private static final long API_START_MS = 15_000;
    /** Long enough for a request to pass the routes to an etcd read and its timeout. */
    private static final long API_REPLY_MS = 3_000;
    private static final List<String> API_PATHS = List.of("/fleet/v1/machines", "/fleet/v1/units", "/fleet/v1/state",
            "/fleet/v1/units/training.service", "/fleet/v1/discovery");

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fleetd-cds-training");
        try {
            // no environment: a FLEET_ETCD_SERVERS set where this runs must not lead it to a real cluster
            ConfigLoader loader = new ConfigLoader(dir.resolve("fleet.conf"), Map.of(), Path.of("/proc/net/route"));
            Daemon daemon = new Daemon(loader.load(Optional.of(config(dir))));
            Thread run = new Thread(daemon::run, "cds-training");
            run.setDaemon(true);
            run.start();
            askTheApi(dir.resolve("api.sock"));
            askSystemd();
            System.out.println(daemon.stateDump());
            daemon.stop();
            run.join(10_000);
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    private static Path config(Path dir) throws IOException {
        Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
        Files.createDirectories(dir.resolve("units"));
        return Files.writeString(dir.resolve("fleet.conf"), String.join("\n",
                "etcd_servers=http://127.0.0.1:" + closedPort(),
                "etcd_request_timeout=0.2",
                "public_ip=192.0.2.1",
                "metadata=role=training",
                "machine_id_file=" + dir.resolve("machine-id"),
                "units_directory=" + dir.resolve("units"),
                "api_socket=" + dir.resolve("api.sock"), ""));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** All requests at once: without etcd each waits for its read to time out. */
    private static void askTheApi(Path socket) throws InterruptedException {
        long started = System.currentTimeMillis() + API_START_MS;
        while (!Files.exists(socket) && System.currentTimeMillis() < started) {
            Thread.sleep(50);
        }
        long deadline = System.currentTimeMillis() + API_REPLY_MS;
        List<Thread> requests = API_PATHS.stream().map(path -> {
            Thread t = new Thread(() -> get(socket, path), "cds-training-get");
            t.setDaemon(true);
            t.start();
            return t;
        }).toList();
        for (Thread t : requests) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    private static void get(Path socket, String path) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: fleet\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(8192);
            while (c.read(reply) > 0 && reply.hasRemaining()) {
                // the reply is not checked: the run is for the classes it loads
            }
        } catch (IOException noApi) {
            System.err.println("cds training: API " + path + ": " + noApi);
        }
    }

    private static void askSystemd() {
        try (SystemdManager systemd = DbusSystemdManager.connectSystemBus()) {
            systemd.states(List.of("fleet.service", "dbus.service"));
        } catch (Exception noBus) {
            System.err.println("cds training: systemd: " + noBus);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
