package fleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import fleet.systemd.DbusSystemdManager;

/**
 * Latency of the systemd calls the agent makes, against a lab machine:
 * {@code java ... fleet.bench.SystemdLatencyBench <bus address> <machine root> [rounds]}, e.g. with
 * the BUS and ROOT lines of {@code bin/fleet-lab env m1}. Prints one table row per call (ms).
 */
public final class SystemdLatencyBench {
    private SystemdLatencyBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SystemdLatencyBench BUS_ADDRESS MACHINE_ROOT [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Path.of(args[1], "run/fleet/units");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.service"), "[Service]\nExecStart=/bin/sleep 3600\n");
        List<Double> start = new ArrayList<>();
        List<Double> stop = new ArrayList<>();
        List<Double> reload = new ArrayList<>();
        try (DbusSystemdManager systemd = DbusSystemdManager.connect(args[0])) {
            systemd.linkRuntime(Path.of("/run/fleet/units/bench.service"));
            for (int i = 0; i < rounds; i++) {
                reload.add(time(systemd::reload));
                start.add(time(() -> systemd.start("bench.service").get(30, TimeUnit.SECONDS)));
                stop.add(time(() -> systemd.stop("bench.service").get(30, TimeUnit.SECONDS)));
            }
        }
        System.out.printf("%-28s\t%s\t%s\t%s\t%s%n", "CALL (until JobRemoved)", "N", "P50_MS", "P90_MS", "MAX_MS");
        row("StartUnit", start);
        row("StopUnit", stop);
        row("Reload", reload);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double time(Call c) throws Exception {
        long t0 = System.nanoTime();
        c.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void row(String name, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%-28s\t%d\t%.1f\t%.1f\t%.1f%n", name, s.size(), s.get(s.size() / 2),
                s.get((int) (s.size() * 0.9)), s.get(s.size() - 1));
    }
}
