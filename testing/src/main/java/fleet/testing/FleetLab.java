package fleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the project's own lab script, {@code bin/fleet-lab}, with a state directory of its own
 * (so several test JVMs and a hand-started lab never meet). Tests use it through {@link LabExtension}.
 */
public final class FleetLab {
    private final Path script;
    private final Path state;
    private final Map<String, String> env = new LinkedHashMap<>();

    public FleetLab(Path repoRoot, Path state) {
        this.script = repoRoot.resolve("bin/fleet-lab");
        this.state = state;
    }

    /** The repository root: the nearest directory above the working directory that has bin/fleet-lab. */
    static Path findRepoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/fleet-lab"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/fleet-lab not found above " + Path.of("").toAbsolutePath());
    }

    /** An environment variable for every later fleet-lab command (e.g. FLEET_LAB_DIST). */
    void setEnv(String name, String value) {
        env.put(name, value);
    }

    public Path stateDir() {
        return state;
    }

    /** Exit code and combined output of one fleet-lab command. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "--state", state.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            // read before waiting: a full pipe would block the script
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TestEnv.scaled(Duration.ofMinutes(3)).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("fleet-lab " + args + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running fleet-lab " + args, e);
        }
    }

    public Result runOrFail(List<String> args) throws IOException {
        Result r = run(args);
        if (!r.ok()) {
            throw new IOException("fleet-lab " + String.join(" ", args) + " failed (exit " + r.exitCode() + "):\n"
                    + r.output());
        }
        return r;
    }

    /** How many machines the lab booted (one machines/mN.env each). */
    int machineCount() throws IOException {
        try (var files = Files.list(state.resolve("machines"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("m[0-9]+\\.env")).count();
        }
    }

    public List<LabMachine> machines(int count) throws IOException {
        List<LabMachine> machines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            machines.add(LabMachine.fromEnv(readEnv(state.resolve("machines/m" + i + ".env")), this));
        }
        return machines;
    }

    String etcdEndpoint() throws IOException {
        return readEnv(state.resolve("etcd.env")).get("ETCD_ENDPOINT");
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
