package fleet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fleet.cli.api.HttpFleetApi;
import fleet.cli.http.Endpoint;
import fleet.cli.http.SocketHttpClient;

/**
 * The real fleetd program ({@code bin/fleetd}, so its default JVM flags and heap limit) as a process of
 * its own, with {@code disable_agent=true}: engine and API only, no systemd. Its heap is read with
 * {@code jcmd}/{@code jstat}, its CPU and memory from /proc.
 */
final class FleetdProcess implements AutoCloseable {
    private static final Pattern DEFAULT_OPTS = Pattern.compile("FLEETD_JAVA_OPTS:=([^}]*)}");
    private static final Pattern GENERATION = Pattern.compile("generation\\s+total (\\d+)K, used (\\d+)K");

    private final Process process;
    private final Path dir;
    private final HttpFleetApi api;
    /** fleetd's log lines, each with the {@link System#nanoTime()} it arrived at */
    private final List<TimedLine> log = new ArrayList<>();

    record TimedLine(long nanos, String text) {}

    private FleetdProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.api = new HttpFleetApi(new SocketHttpClient(Endpoint.parse("unix://" + dir.resolve("fleet.sock")), null,
                Duration.ofSeconds(60), line -> { }));
        Thread reader = new Thread(this::readLog, "fleetd-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Copies fleetd's output to fleetd.log, each line prefixed with the seconds since fleetd started. */
    private void readLog() {
        long start = System.nanoTime();
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(dir.resolve("fleetd.log"))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long now = System.nanoTime();
                synchronized (log) {
                    log.add(new TimedLine(now, line));
                }
                out.write(String.format("%9.3f %s%n", (now - start) / 1e9, line));
                out.flush();
            }
        } catch (IOException e) {
            // the process is gone; what it wrote is in the file
        }
    }

    /** Log lines containing {@code text} that arrived after {@code sinceNanos}. */
    List<TimedLine> logLines(String text, long sinceNanos) {
        synchronized (log) {
            return log.stream().filter(l -> l.nanos() > sinceNanos && l.text().contains(text)).toList();
        }
    }

    /**
     * @param heap {@code -Xmx} to run with instead of bin/fleetd's (its other flags kept), if given
     */
    static FleetdProcess start(Path repo, Path dir, String etcdEndpoint, Duration agentTtl, Optional<String> heap)
            throws IOException {
        Files.createDirectories(dir.resolve("units"));
        Files.writeString(dir.resolve("machine-id"), "e".repeat(32) + "\n");
        Files.write(dir.resolve("fleet.conf"), List.of(
                "etcd_servers=" + etcdEndpoint,
                "public_ip=127.0.0.1",
                "machine_id_file=" + dir.resolve("machine-id"),
                "units_directory=" + dir.resolve("units"),
                "api_socket=" + dir.resolve("fleet.sock"),
                "agent_ttl=" + agentTtl.toSeconds() + "s",
                "disable_agent=true"));
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/fleetd").toString(), "--config", dir.resolve("fleet.conf").toString())
                .redirectErrorStream(true);
        pb.environment().remove("FLEETD_JAVA_OPTS");
        if (heap.isPresent()) {
            pb.environment().put("FLEETD_JAVA_OPTS", defaultOpts(repo).replaceAll("-Xmx\\S+", "-Xmx" + heap.get()));
        }
        return new FleetdProcess(pb.start(), dir);
    }

    /** bin/fleetd's own default flags, read from the script so that they are never a copy. */
    private static String defaultOpts(Path repo) throws IOException {
        Matcher m = DEFAULT_OPTS.matcher(Files.readString(repo.resolve("bin/fleetd")));
        if (!m.find()) {
            throw new IOException("bin/fleetd: no FLEETD_JAVA_OPTS default found");
        }
        return m.group(1);
    }

    HttpFleetApi api() {
        return api;
    }

    /** Waits until the API answers (200: registered, engine candidate started). */
    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            requireAlive();
            try {
                api.listMachines();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("fleetd's API did not answer within " + timeout + ": " + notYet.getMessage()
                            + "; see " + dir.resolve("fleetd.log"));
                }
                Thread.sleep(100);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean exitsWithin(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("fleetd exited with " + process.exitValue() + (outOfMemory() ? " (OutOfMemoryError)" : "")
                    + "; see " + dir.resolve("fleetd.log"));
        }
    }

    boolean outOfMemory() {
        return !logLines("OutOfMemoryError", Long.MIN_VALUE).isEmpty();
    }

    /** Keeps fleetd's log where it outlives the run's directory. */
    void keepLog(Path to) throws IOException {
        Files.copy(dir.resolve("fleetd.log"), to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The heap now: {committed, used} in bytes (both generations of the serial collector). */
    long[] heap() throws IOException, InterruptedException {
        long total = 0;
        long used = 0;
        Matcher m = GENERATION.matcher(jdkTool("jcmd", Long.toString(pid()), "GC.heap_info"));
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * 1024;
            used += Long.parseLong(m.group(2)) * 1024;
        }
        return new long[] {total, used};
    }

    /** What stays after a full collection: the live data. */
    long liveHeapAfterFullGc() throws IOException, InterruptedException {
        jdkTool("jcmd", Long.toString(pid()), "GC.run");
        return heap()[1];
    }

    /** The {@code top} classes by bytes held, as {@code jcmd GC.class_histogram} lists them. */
    String largestClasses(int top) throws IOException, InterruptedException {
        String[] lines = jdkTool("jcmd", Long.toString(pid()), "GC.class_histogram").split("\n");
        // line 0 is the pid, then the header and its rule
        return String.join("\n", List.of(lines).subList(1, Math.min(lines.length, top + 4)));
    }

    /** {young collections, full collections, seconds spent collecting} since start ({@code jstat -gcutil}). */
    double[] gcCounts() throws IOException, InterruptedException {
        String[] lines = jdkTool("jstat", "-gcutil", Long.toString(pid())).strip().split("\n");
        List<String> names = List.of(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        return new double[] {Double.parseDouble(values[names.indexOf("YGC")]), Double.parseDouble(values[names.indexOf("FGC")]),
                Double.parseDouble(values[names.indexOf("GCT")])};
    }

    private static String jdkTool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** SIGTERM, as systemctl stop does; SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
