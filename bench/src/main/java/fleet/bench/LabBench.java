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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fleet.testing.FleetLab;
import fleet.testing.LabMachine;

/**
 * Figures measured in the lab (real systemd machines running fleetd, real etcd), through the HTTP
 * API as a user would see them: time from a PUT to systemd's ActiveState=active as published back,
 * failover after kill -9 of a machine, and fleetd's memory. Usage: {@code bench/run lab} (boots a
 * 3-machine lab with agent_ttl=5s in its own state dir, or in $FLEET_LAB_DIR when set, on the subnet
 * $FLEET_LAB_SUBNET as bin/fleet-lab, and tears it down).
 */
public final class LabBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "{\"desiredState\":\"launched\",\"options\":["
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep infinity\"}%s]}";
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path repo;
    private final Path state;
    private static final String SUBNET = System.getenv().getOrDefault("FLEET_LAB_SUBNET", "127.0.10");
    private String api = "http://" + SUBNET + ".1:49153/fleet/v1/";

    private LabBench(Path repo, Path state) {
        this.repo = repo;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        // FLEET_LAB_DIR (as bin/fleet-lab honours it) lets two labs run side by side and be torn down by hand
        String dir = System.getenv("FLEET_LAB_DIR");
        Path state = dir != null && !dir.isBlank() ? Files.createDirectories(Path.of(dir).toAbsolutePath())
                : Files.createTempDirectory(repo.resolve("bench").resolve("target"), "lab-");
        LabBench b = new LabBench(repo, state);
        try {
            b.lab("up", "--machines", "3", "--with-fleetd");
            b.awaitMachines(3);
            List<String[]> rows = new ArrayList<>();
            System.out.printf("%n%-46s %-24s %s%n", "figure", "measured", "goal");
            for (java.util.concurrent.Callable<String[]> figure : List.<java.util.concurrent.Callable<String[]>>of(
                    b::startOne, () -> b.startMany(100), b::memory, b::failover)) {
                String[] r = figure.call();
                rows.add(r);
                System.out.printf("%-46s %-24s %s%n", r[0], r[1], r[2]);
            }
        } finally {
            b.lab("down");
        }
    }

    /** 5 single units one after the other; the median from PUT to active. */
    String[] startOne() throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "one-" + i + ".service";
            long t0 = System.nanoTime();
            put(name, "");
            awaitActive(List.of(name), Duration.ofSeconds(30));
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(ms);
        return new String[] {"start 1 unit -> active (median of 5)", ms.get(2) + " ms", "<= 500 ms"};
    }

    String[] startMany(int n) throws Exception {
        List<String> names = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "many-" + i + ".service";
            names.add(name);
            puts.add(pool.submit(() -> {
                put(name, "");
                return null;
            }));
        }
        for (Future<?> f : puts) {
            f.get();
        }
        long putMs = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        awaitActive(names, Duration.ofSeconds(120));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new String[] {n + " units -> all active on 3 machines", ms + " ms (PUTs " + putMs + " ms)", "<= 1500 ms"};
    }

    String[] memory() throws Exception {
        List<Long> rss = new ArrayList<>();
        for (LabMachine m : new FleetLab(repo, state).machines(3)) {
            String out = lab("exec", m.name(), "sh", "-c",
                    "grep VmRSS /proc/$(pgrep -f fleet.fleetd.Main | head -1)/status");
            rss.add(Long.parseLong(out.replaceAll("[^0-9]", "")) / 1024);
        }
        return new String[] {"fleetd RSS per machine (with ~35 units each)", rss.toString().replace(" ", "") + " MB",
                "<= 64 MB"};
    }

    /** kill -9 of the machine running a probe unit; time until the unit is active elsewhere. */
    String[] failover() throws Exception {
        put("probe.service", "");
        awaitActive(List.of("probe.service"), Duration.ofSeconds(30));
        List<String> at = states().get("probe.service");
        while (at == null || at.isEmpty()) {
            Thread.sleep(10);
            at = states().get("probe.service");
        }
        String machineId = at.get(0);
        String victim = null;
        for (LabMachine m : new FleetLab(repo, state).machines(3)) {
            if (m.machineId().equals(machineId)) {
                victim = m.name();
            }
        }
        if ("m1".equals(victim)) {
            api = "http://" + SUBNET + ".2:49153/fleet/v1/";
        }
        long t0 = System.nanoTime();
        lab("kill", victim);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> where = states().getOrDefault("probe.service", List.of());
            if (!where.isEmpty() && !where.contains(machineId)) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                return new String[] {"kill -9 of a machine -> unit active elsewhere", ms + " ms", "<= 6000 ms (ttl 5 s)"};
            }
            Thread.sleep(20);
        }
        return new String[] {"kill -9 of a machine -> unit active elsewhere", "> 60 s", "<= 6000 ms (ttl 5 s)"};
    }

    private void put(String name, String extraOptions) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "units/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(String.format(UNIT, extraOptions))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("PUT " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Active units by name, with the machines they are active on. */
    private Map<String, List<String>> states() throws IOException, InterruptedException {
        Map<String, List<String>> out = new HashMap<>();
        String token = null;
        do {
            String url = api + "state" + (token == null ? "" : "?nextPageToken=" + token);
            JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode s : page.path("states")) {
                if ("active".equals(s.path("systemdActiveState").asText())) {
                    out.computeIfAbsent(s.path("name").asText(), k -> new ArrayList<>()).add(s.path("machineID").asText());
                }
            }
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        return out;
    }

    private void awaitActive(List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (states().keySet().containsAll(names)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IOException("units not active within " + timeout + ": " + names.size());
    }

    private void awaitMachines(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode m = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "machines")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (m.path("machines").size() >= n) {
                    return;
                }
            } catch (IOException notYet) {
                // the API is not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("machines did not join");
    }

    private String lab(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("bin/fleet-lab").toString(), "--state", state.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }
}
