package fleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the work tree's {@code bin/fleetctl} as a user does: a separate process in a working
 * directory, against one API endpoint, with its exit code, stdout and stderr kept apart.
 */
final class FleetctlProcess {
    private final Path script;
    private final String endpoint;
    private final Path workDir;
    private final Map<String, String> environment;

    FleetctlProcess(String endpoint, Path workDir) {
        this(endpoint, workDir, Map.of());
    }

    /** With {@code environment} added to the inherited one (SSH_AUTH_SOCK for fleetctl ssh, say). */
    FleetctlProcess(String endpoint, Path workDir, Map<String, String> environment) {
        this.script = repoRoot().resolve("bin/fleetctl");
        this.endpoint = endpoint;
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
    }

    record Result(int code, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "exit " + code + " after " + took.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        /** Table rows (stdout without the header line), each split into its tab-separated cells. */
        List<List<String>> rows() {
            List<List<String>> rows = new ArrayList<>();
            String[] lines = out.split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    rows.add(List.of(lines[i].split("\t+")));
                }
            }
            return rows;
        }

        List<String> header() {
            return List.of(out.split("\n", 2)[0].split("\t+"));
        }
    }

    /** Runs fleetctl and asserts its exit code; the result. */
    Result expect(int code, Duration timeout, String... args) throws IOException, InterruptedException {
        Result r = run(timeout, args);
        if (r.code() != code) {
            throw new AssertionError("fleetctl " + String.join(" ", args) + ": expected exit " + code + ", got " + r);
        }
        return r;
    }

    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "--endpoint", endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLEETCTL_") && !k.equals("FLEETCTL_JAVA_OPTS"));
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fleetctl " + String.join(" ", args) + " did not finish within " + timeout);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Result(p.exitValue(), out.join(), err.join(), took);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/fleetctl"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/fleetctl not found above " + Path.of("").toAbsolutePath());
    }
}
