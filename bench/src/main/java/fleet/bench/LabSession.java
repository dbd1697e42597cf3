package fleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.testing.FleetLab;
import fleet.testing.LabMachine;

/**
 * A lab booted by {@code bin/fleet-lab} for a benchmark, driven as a user would: over the HTTP API
 * of one machine, and through the lab's own commands. The state dir is $FLEET_LAB_DIR when set
 * (so that two labs can run side by side), else a new directory under bench/target.
 */
final class LabSession {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "{\"desiredState\":\"launched\",\"options\":["
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 100000\"}%s]}";
    static final String SUBNET = System.getenv().getOrDefault("FLEET_LAB_SUBNET", "127.0.10");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path repo;
    private final FleetLab fleetLab;
    private String api = "http://" + SUBNET + ".1:49153/fleet/v1/";

    private LabSession(Path repo, Path state) {
        this.repo = repo;
        this.fleetLab = new FleetLab(repo, state);
    }

    Path repo() {
        return repo;
    }

    /** The API the session talks to, as fleetctl's --endpoint takes it. */
    String apiBase() {
        return api.substring(0, api.indexOf("/fleet/v1/"));
    }

    interface Body {
        void run(LabSession lab) throws Exception;
    }

    /** Boots {@code machines} lab machines running fleetd, runs {@code body} once they joined, and tears the lab down. */
    static void withLab(String[] args, int machines, Body body) throws Exception {
        LabSession lab = create(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize());
        try {
            lab.lab("up", "--machines", Integer.toString(machines), "--with-fleetd");
            lab.awaitMachines(machines);
            body.run(lab);
        } finally {
            lab.lab("down");
        }
    }

    static LabSession create(Path repo) throws IOException {
        String dir = System.getenv("FLEET_LAB_DIR");
        Path state = dir != null && !dir.isBlank() ? Files.createDirectories(Path.of(dir).toAbsolutePath())
                : Files.createTempDirectory(repo.resolve("bench").resolve("target"), "lab-");
        return new LabSession(repo, state);
    }

    /** Talks to {@code m}'s API from now on. */
    void useApiOf(LabMachine m) {
        api = "http://" + m.ip() + ":49153/fleet/v1/";
    }

    /** Submits and starts a unit running {@code sleep}, with {@code extraOptions} (JSON, each led by a comma). */
    void put(String name, String extraOptions) throws IOException, InterruptedException {
        send(name, String.format(UNIT, extraOptions), 201);
    }

    /** Sets a unit's desired state, as {@code fleetctl stop|start|load} does. */
    void desire(String name, String desiredState) throws IOException, InterruptedException {
        send(name, "{\"desiredState\":\"" + desiredState + "\"}", 204);
    }

    private void send(String name, String body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "units/" + name))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException("PUT " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Active units by name, with the machines they are active on. A 503 (fleetd could not reach etcd in
     * time, or asks to retry) restarts the listing after 100 ms, as fleetctl retries, at most 20 times;
     * each is told on stderr so that none goes unseen.
     */
    Map<String, List<String>> active() throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                return activeOnce();
            } catch (Unavailable e) {
                System.err.println("bench: " + e.getMessage() + (attempt < 20 ? "; listing again" : ""));
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    private Map<String, List<String>> activeOnce() throws IOException, InterruptedException {
        Map<String, List<String>> out = new HashMap<>();
        String token = null;
        do {
            String url = api + "state" + (token == null ? "" : "?nextPageToken=" + token);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 503) {
                throw new Unavailable("GET " + url + ": 503 " + r.body());
            }
            if (r.statusCode() != 200) {
                throw new IOException("GET " + url + ": " + r.statusCode() + " " + r.body()); // an error body is no empty listing
            }
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode s : page.path("states")) {
                if ("active".equals(s.path("systemdActiveState").asText())) {
                    out.computeIfAbsent(s.path("name").asText(), k -> new ArrayList<>()).add(s.path("machineID").asText());
                }
            }
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        return out;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for {@code c}, polling every 10 ms; fails after {@code timeout}. */
    void await(String what, Condition c, Duration timeout) throws Exception {
        await(what, c, timeout, Duration.ofMillis(10));
    }

    /** Waits for {@code c}, polling every {@code interval} (a listing of 1,000 states is no 10 ms poll); fails after {@code timeout}. */
    void await(String what, Condition c, Duration timeout, Duration interval) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.holds()) {
                return;
            }
            Thread.sleep(interval.toMillis());
        }
        throw new IOException(what + " not within " + timeout);
    }

    void awaitActive(List<String> names, Duration timeout) throws Exception {
        await(names.size() + " unit(s) active", () -> active().keySet().containsAll(names), timeout);
    }

    void awaitMachines(int n) throws Exception {
        await(n + " machines", () -> {
            try {
                JsonNode m = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "machines")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                return m.path("machines").size() >= n;
            } catch (IOException notYet) {
                return false; // the API is not listening yet
            }
        }, Duration.ofSeconds(60));
    }

    /** The lab's first {@code count} machines, as {@code fleet-lab status} lists them. */
    List<LabMachine> machines(int count) throws IOException {
        return fleetLab.machines(count);
    }

    /** The machine the engine leader runs on: the one with the oldest candidate key of the election. */
    LabMachine leader(int machineCount) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("etcdctl", "--endpoints", fleetLab.etcdEndpoint(), "get", "--prefix",
                "/_coreos.com/fleet/engine/leader/", "--print-value-only", "--sort-by=CREATE", "--order=ASCEND")
                .redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        String id = out.lines().findFirst().orElseThrow(() -> new IOException("no engine leader: " + out));
        return machines(machineCount).stream().filter(m -> m.machineId().equals(id)).findFirst()
                .orElseThrow(() -> new IOException("leader " + id + " is no lab machine"));
    }

    private boolean cliReady;

    /** Runs bin/fleetctl against the lab; its wall time in ms. The first call writes its CDS archive, untimed. */
    long fleetctl(List<String> args) throws Exception {
        String bin = repo.resolve("bin/fleetctl").toString();
        if (!cliReady) {
            run(List.of(bin, "version"));
            cliReady = true;
        }
        List<String> cmd = new ArrayList<>(List.of(bin, "--endpoint", apiBase()));
        cmd.addAll(args);
        return run(cmd);
    }

    /** Runs {@code cmd} to its end, output discarded; its wall time in ms. A non-zero exit is an error. */
    static long run(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** {@code n} unit files running {@code sleep}, named {@code prefix<i>.service}, in a new directory. */
    static List<Path> unitFiles(String prefix, int n) throws IOException {
        Path dir = Files.createTempDirectory("fleetctl-units");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve(prefix + i + ".service");
            Files.writeString(file, "[Service]\nExecStart=/bin/sleep 100000\n");
            files.add(file);
        }
        return files;
    }

    /** Runs {@code bin/fleet-lab --state <dir> args...}; its output. */
    String lab(String... args) throws IOException {
        return fleetLab.runOrFail(List.of(args)).output();
    }
}
