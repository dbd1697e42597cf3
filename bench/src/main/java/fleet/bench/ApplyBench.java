package fleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code fleetctl apply} in the lab, as the {@code bin/fleetctl} process users run, beside baselines
 * measured in the same run: the CLI's start alone ({@code version}), one listing
 * ({@code list-unit-files}), {@code submit} of the same number of files, and {@code start} of one unit
 * until systemd says active; and a global unit's rollout one machine at a time beside the same change
 * in one step. Each figure is the median of 3. Usage: {@code bench/run apply [UNITS|global]} (default
 * 200; {@code global}: the global rows only; a 3-machine lab in $FLEET_LAB_DIR on $FLEET_LAB_SUBNET,
 * torn down after).
 */
public final class ApplyBench {
    private static final int ROUNDS = 3;
    private final LabSession lab;
    private final Path work;

    private ApplyBench(LabSession lab, Path work) {
        this.lab = lab;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        boolean globalOnly = args.length > 1 && args[1].equals("global");
        int units = args.length > 1 && !globalOnly ? Integer.parseInt(args[1]) : 200;
        LabSession.withLab(args, 3, lab -> {
            ApplyBench b = new ApplyBench(lab, Files.createTempDirectory("apply-bench"));
            System.out.printf("%n%-58s %s%n", "figure (median of " + ROUNDS + ", bin/fleetctl process)", "ms");
            if (globalOnly) {
                b.globalRollouts();
                return;
            }
            b.print("baseline: fleetctl version (CLI start)", b.median(r -> b.time(0, "version")));
            b.print("baseline: fleetctl list-unit-files (one listing)",
                    b.median(r -> b.time(0, "list-unit-files", "--no-legend")));
            b.print("baseline: fleetctl submit of " + units + " files", b.median(r -> b.submit(r, units)));
            b.print("fleetctl apply of " + units + " new units", b.median(r -> b.time(0, "apply", b.tree(r, units)
                    .toString())));
            b.print("fleetctl apply of the same " + units + " (no change)", b.median(r -> b.time(0, "apply", b.tree(r,
                    units).toString())));
            b.print("fleetctl diff of the same " + units + " (no change)", b.median(r -> b.time(0, "diff", b.tree(r,
                    units).toString())));
            b.print("baseline: fleetctl start of 1 unit until active", b.median(b::startOne));
            b.rolloutSetUp();
            b.print("fleetctl apply: rollout of 3 instances, 1 at a time", b.median(b::rollout));
            b.globalRollouts();
        });
    }

    /** A global unit on the 3 machines: all in one step (the baseline), then one machine at a time. */
    private void globalRollouts() throws Exception {
        Path dir = Files.createDirectories(work.resolve("global"));
        writeGlobal(dir, 0);
        time(0, "apply", dir.toString());
        int[] version = {1};
        print("baseline: global unit on 3 machines, all in one step", median(r -> {
            writeGlobal(dir, version[0]++);
            return time(0, "apply", "--max-parallel", "3", dir.toString());
        }));
        print("fleetctl apply: global unit on 3 machines, 1 at a time", median(r -> {
            writeGlobal(dir, version[0]++);
            return time(0, "apply", dir.toString());
        }));
    }

    private static void writeGlobal(Path dir, int version) throws IOException {
        Files.writeString(dir.resolve("mon.service"), "[Service]\nExecStart=/bin/sh -c 'echo v" + version
                + "; exec sleep infinity'\n\n[X-Fleet]\nGlobal=true\n");
    }

    interface Round {
        long run(int round) throws Exception;
    }

    private long median(Round round) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            ms.add(round.run(r));
        }
        Collections.sort(ms);
        return ms.get(ROUNDS / 2);
    }

    private void print(String figure, long ms) {
        System.out.printf("%-58s %d%n", figure, ms);
    }

    /** A directory of {@code n} inactive units for round {@code r}, written once. */
    private Path tree(int r, int n) throws IOException {
        Path dir = work.resolve("tree-" + r);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("app-" + r + "-" + i + ".service"), "[Service]\nExecStart=/bin/sleep "
                    + (100000 + i) + "\n\n[X-Fleet]\nDesiredState=inactive\n");
        }
        return dir;
    }

    private long submit(int r, int n) throws Exception {
        Path dir = Files.createDirectories(work.resolve("submit-" + r));
        List<String> args = new ArrayList<>(List.of("submit"));
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve("sub-" + r + "-" + i + ".service");
            Files.writeString(file, "[Service]\nExecStart=/bin/sleep " + (100000 + i) + "\n");
            args.add(file.toString());
        }
        return time(0, args.toArray(String[]::new));
    }

    private long startOne(int r) throws Exception {
        Path file = work.resolve("one-" + r + ".service");
        Files.writeString(file, "[Service]\nExecStart=/bin/sleep 100000\n");
        return time(0, "start", "--block-attempts=30", file.toString());
    }

    private Path rolloutTree() {
        return work.resolve("rollout");
    }

    private void writeTemplate(String version) throws IOException {
        Files.writeString(rolloutTree().resolve("roll@.service"), "[Service]\nExecStart=/bin/sh -c 'echo " + version
                + "; exec sleep infinity'\n\n[X-Fleet]\nConflicts=roll@*.service\n");
    }

    private void rolloutSetUp() throws Exception {
        Files.createDirectories(rolloutTree());
        writeTemplate("v0");
        for (int i = 1; i <= 3; i++) {
            Files.createSymbolicLink(rolloutTree().resolve("roll@" + i + ".service"), Path.of("roll@.service"));
        }
        time(0, "apply", rolloutTree().toString());
        lab.awaitActive(List.of("roll@1.service", "roll@2.service", "roll@3.service"), java.time.Duration.ofSeconds(60));
    }

    private long rollout(int r) throws Exception {
        writeTemplate("v" + (r + 1));
        return time(0, "apply", rolloutTree().toString());
    }

    /** Runs bin/fleetctl against the lab; its wall time in ms. */
    private long time(int expectedExit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(lab.repo().resolve("bin/fleetctl").toString(), "--endpoint",
                lab.apiBase()));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != expectedExit) {
            throw new IOException("fleetctl " + args[0] + " exited " + p.exitValue() + ": " + out);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
