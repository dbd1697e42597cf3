package fleet.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One real etcd member (Debian's {@code etcd} binary) on free loopback ports with a temp data dir.
 * Several members started with the same {@code initialCluster} form a cluster.
 */
public final class EtcdProcess implements AutoCloseable {
    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path log;
    private String initialCluster;
    private Process process;

    private EtcdProcess(String name, Path dataDir) throws IOException {
        this.name = name;
        this.clientPort = freePort();
        this.peerPort = freePort();
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(name + ".log");
        this.initialCluster = name + "=" + peerUrl();
    }

    public static boolean binaryAvailable() {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "etcd")));
    }

    /** A single-member etcd, started and ready. */
    public static EtcdProcess startSingle() throws IOException {
        EtcdProcess p = create("n1");
        p.start();
        return p;
    }

    /** {@code size} members forming one cluster, all started and ready. */
    public static List<EtcdProcess> startCluster(int size) throws IOException {
        List<EtcdProcess> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            members.add(create("n" + i));
        }
        String cluster = String.join(",", members.stream().map(m -> m.name + "=" + m.peerUrl()).toList());
        for (EtcdProcess m : members) {
            m.initialCluster = cluster;
            m.launch();
        }
        for (EtcdProcess m : members) {
            m.awaitReady();
        }
        return members;
    }

    private static EtcdProcess create(String name) throws IOException {
        Path base = Files.createTempDirectory("fleet-etcd-");
        return new EtcdProcess(name, base.resolve(name));
    }

    public String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    public void start() throws IOException {
        launch();
        awaitReady();
    }

    private void launch() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        boolean fresh = !Files.exists(dataDir);
        process = new ProcessBuilder("etcd", "--name", name, "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl(), "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl(), "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", fresh ? "new" : "existing",
                "--heartbeat-interval", "50", "--election-timeout", "500")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TestEnv.scaled(Duration.ofSeconds(20)).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("etcd " + name + " not ready on " + clientUrl() + "; see " + log);
    }

    /** Stops the member (SIGTERM) but keeps its data, so {@link #start()} brings it back. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP / SIGCONT: an etcd that hangs without closing its connections. */
    public void freeze() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start().waitFor();
    }

    public void thaw() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        stop();
        deleteTree(dataDir.getParent());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
