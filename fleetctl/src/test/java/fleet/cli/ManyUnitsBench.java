package fleet.cli;

import fleet.cli.command.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: {@code start --no-block} of N new units against {@link SlowUnixApi} (a fixed delay per
 * request), one request at a time (as fleetctl sent them before) and 16 at once, median of R runs.
 * Usage: {@code ManyUnitsBench [units=100] [delayMillis=20] [runs=3]}.
 */
public final class ManyUnitsBench {
    private ManyUnitsBench() {}

    public static void main(String[] argv) throws IOException {
        int units = argv.length > 0 ? Integer.parseInt(argv[0]) : 100;
        long delay = argv.length > 1 ? Long.parseLong(argv[1]) : 20;
        int runs = argv.length > 2 ? Integer.parseInt(argv[2]) : 3;
        Path dir = Files.createTempDirectory("fleetctl-bench");
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= units; i++) {
            Path f = dir.resolve("u" + i + ".service");
            Files.writeString(f, "[Service]\nExecStart=/bin/sleep 1d\n");
            files.add(f.toString());
        }
        for (int inFlight : new int[] {1, 16}) {
            long[] ms = new long[runs];
            for (int r = 0; r < runs; r++) {
                ms[r] = once(dir.resolve("api-" + inFlight + "-" + r + ".sock"), delay, inFlight, files);
            }
            Arrays.sort(ms);
            System.out.println(units + " units, " + delay + " ms per request, " + inFlight + " in flight: median "
                    + ms[runs / 2] + " ms of " + Arrays.toString(ms));
        }
    }

    private static long once(Path socket, long delay, int inFlight, List<String> files) throws IOException {
        List<String> args = new ArrayList<>(List.of("--endpoint", "unix://" + socket, "start", "--no-block"));
        args.addAll(files);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        try (SlowUnixApi api = new SlowUnixApi(socket, delay, 0)) {
            Session session = new Session(sink, System.err, false, g -> ApiFactory.http(g, System.err))
                    .inFlight(inFlight);
            long start = System.nanoTime();
            int code = Main.run(args.toArray(String[]::new), Map.of(), session);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (code != 0 || api.requests.get() != 3 * files.size()) {
                throw new IllegalStateException("exit " + code + " after " + api.requests + " requests");
            }
            return ms;
        }
    }
}
