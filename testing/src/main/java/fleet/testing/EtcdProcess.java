package fleet.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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
        return startCluster(1).get(0);
    }

    /**
     * {@code size} members forming one cluster, all started and ready. A port is only known free
     * until etcd binds it, so a start that lost that race is retried on new ports.
     */
    public static List<EtcdProcess> startCluster(int size) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return tryStartCluster(size);
            } catch (PortTakenException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static List<EtcdProcess> tryStartCluster(int size) throws IOException {
        List<EtcdProcess> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            members.add(create("n" + i));
        }
        String cluster = String.join(",", members.stream().map(m -> m.name + "=" + m.peerUrl()).toList());
        for (EtcdProcess m : members) {
            m.initialCluster = cluster;
            m.launch();
        }
        try {
            for (EtcdProcess m : members) {
                m.awaitReady();
            }
        } catch (IOException e) {
            members.forEach(EtcdProcess::close);
            throw e;
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
                if (logSays("address already in use")) {
                    throw new PortTakenException("etcd " + name + " found its port taken; see " + log);
                }
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

    private boolean logSays(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up by default), so that no
     * outgoing connection of another test can be handed the port before etcd binds it.
     */
    private static int freePort() throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int port = 20000 + RANDOM.nextInt(12000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port in 20000-31999");
    }

    private static final Random RANDOM = new Random();

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
