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

    /** How many machines the lab booted, alive or not ({@code fleet-lab status}). */
    int machineCount() throws IOException {
        return status().size();
    }

    /** Machines m1..m{@code count}, as {@code fleet-lab status} lists them. */
    public List<LabMachine> machines(int count) throws IOException {
        Map<String, LabStatus.Row> byName = status();
        List<LabMachine> machines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            LabStatus.Row row = byName.get("m" + i);
            if (row == null) {
                throw new IOException("fleet-lab status lists no m" + i + ": " + byName.keySet());
            }
            machines.add(LabMachine.of(row, this));
        }
        return machines;
    }

    /** {@code fleet-lab etcd-endpoint}: the etcd client URL(s) the lab's machines use. */
    public String etcdEndpoint() throws IOException {
        return runOrFail(List.of("etcd-endpoint")).output().trim();
    }

    /**
     * The machines of {@code fleet-lab status}, by name. The lab's state directory is the scripts'
     * own business: Java reads what the lab says through its commands, the ones a user types.
     */
    private Map<String, LabStatus.Row> status() throws IOException {
        Map<String, LabStatus.Row> machines = new LinkedHashMap<>();
        for (LabStatus.Row row : LabStatus.parse(runOrFail(List.of("status")).output())) {
            machines.put(row.name(), row);
        }
        return machines;
    }
}
