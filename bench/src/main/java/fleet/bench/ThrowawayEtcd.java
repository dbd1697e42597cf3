package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.etcd.jetcd.Client;

/** A fresh single-member etcd from the lab's script ({@code lab/etcd.sh}), deleted with its data on close. */
final class ThrowawayEtcd implements AutoCloseable {
    private final Path repo;
    private final Path state;
    private final Map<String, String> env;

    private ThrowawayEtcd(Path repo, Path state, Map<String, String> env) {
        this.repo = repo;
        this.state = state;
        this.env = env;
    }

    static ThrowawayEtcd start(Path repo, Path state) throws IOException, InterruptedException {
        run(repo, "start", state);
        Map<String, String> env = Files.readAllLines(state.resolve("etcd.env")).stream()
                .filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
        return new ThrowawayEtcd(repo, state, env);
    }

    String endpoint() {
        return env.get("ETCD_ENDPOINT");
    }

    long pid() {
        return Long.parseLong(env.get("ETCD_PID"));
    }

    /** The backend database file's size, as etcd reports it (bytes allocated, bytes in use). */
    long[] dbSize(Client client) throws Exception {
        var status = client.getMaintenanceClient().statusMember(endpoint()).get();
        return new long[] {status.getDbSize(), status.getDbSizeInUse()};
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(repo, "stop", state);
    }

    private static void run(Path repo, String command, Path state) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(repo.resolve("lab/etcd.sh").toString(), command, state.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("lab/etcd.sh " + command + " failed (exit " + p.exitValue() + "); see " + state);
        }
    }
}
