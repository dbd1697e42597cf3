package fleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.ScheduledUnit;
import fleet.registry.UnitStateRecord;
import fleet.unit.UnitOption;
import io.etcd.jetcd.Client;

/**
 * {@code bench/run machines}: 1,000 simulated machines ({@link SimulatedAgent}: fleetd's presence,
 * schedule watch and state publication, no systemd) and the real fleetd as engine and API
 * ({@link FleetdProcess}, bin/fleetd's JVM flags) on a fresh etcd per run. Each run: 10,000 units
 * PUT through the API, 16 at a time, until etcd shows every one active on the machine it is placed
 * on; fleetd's heap, memory and CPU, etcd's CPU and database; then 100 machines lost at once;
 * last, the baseline: 10,000 plain etcd puts at the same concurrency. Prints each run, then medians.
 *
 * <p>Options: {@code --machines N --units N --runs N --lose N --agent-ttl SECONDS --loss-window SECONDS
 * --timeout SECONDS --fleetd-heap SIZE --batch N} (SIZE replaces bin/fleetd's -Xmx, to find what fits; N units per
 * {@code POST /fleet/v1/units}, as fleetctl sends them, 0 for one PUT a unit as fleet's own fleetctl does).
 */
public final class ThousandMachinesBench {
    private static final int CLIENTS = 16;
    private static final String PREFIX = EtcdRegistry.DEFAULT_PREFIX;

    record Options(int machines, int units, int runs, int lose, Duration agentTtl, Duration lossWindow, Duration timeout,
            Optional<String> heap, int batch) {
        static Options parse(List<String> args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.size(); i += 2) {
                if (!args.get(i).startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args.get(i));
                }
                given.put(args.get(i).substring(2), args.get(i + 1));
            }
            if (args.size() % 2 != 0) {
                throw new IllegalArgumentException("option " + args.get(args.size() - 1) + " has no value");
            }
            Options o = new Options(num(given, "machines", 1000), num(given, "units", 10_000), num(given, "runs", 3),
                    num(given, "lose", 100), Duration.ofSeconds(num(given, "agent-ttl", 10)),
                    Duration.ofSeconds(num(given, "loss-window", 60)), Duration.ofSeconds(num(given, "timeout", 300)),
                    Optional.ofNullable(given.remove("fleetd-heap")), num(given, "batch", 0));
            given.keySet().removeAll(List.of("machines", "units", "runs", "lose", "agent-ttl", "loss-window", "timeout", "batch"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + given.keySet());
            }
            return o;
        }

        private static int num(Map<String, String> given, String name, int otherwise) {
            return given.containsKey(name) ? Integer.parseInt(given.get(name)) : otherwise;
        }
    }

    /** One run's figures; NaN where a phase did not get that far. */
    record Run(double registerSeconds, UnitSubmitter.Submission submission, double runningSeconds, int placed,
            int observedRunning, int verifiedRunning, double rawPutSeconds, FleetdFigures fleetd, double etcdCpuUnits,
            double etcdCpuRaw, long dbSize, long dbInUse, double simulatorCpu, Optional<MassLoss.Result> loss) {}

    record FleetdFigures(boolean survived, long heapCommitted, long heapUsed, long liveAfterFullGc, double[] gc,
            ProcessUsage usage, double cpuForUnits, String largestClasses) {}

    private ThousandMachinesBench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("FLEETD_LOG_LEVEL", "WARN"); // before any logger: a thousand presences log their registration
        Path repo = Path.of(args[0]);
        Options o = Options.parse(List.of(args).subList(1, args.length));
        System.out.printf("%d simulated machines, %d units through fleetd's API (%d at a time), agent_ttl %d s, fleetd heap %s%n",
                o.machines, o.units, CLIENTS, o.agentTtl.toSeconds(), o.heap.map(h -> "-Xmx" + h).orElse("as bin/fleetd"));
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= o.runs; i++) {
            Run r = runOnce(repo, o);
            runs.add(r);
            printRun(i, r, o);
        }
        printMedians(runs, o);
    }

    /** One run in a temp directory, deleted when the run succeeded (kept with fleetd's log when not). */
    private static Run runOnce(Path repo, Options o) throws Exception {
        Path dir = Files.createTempDirectory("fleet-machines-");
        Run r = runIn(dir, repo, o);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return r;
    }

    private static Run runIn(Path dir, Path repo, Options o) throws Exception {
        try (ThrowawayEtcd etcd = ThrowawayEtcd.start(repo, dir.resolve("etcd"));
                Client client = EtcdClients.build(EtcdConnection.plain(List.of(etcd.endpoint())), Duration.ofSeconds(5));
                FleetdProcess fleetd = FleetdProcess.start(repo, dir.resolve("fleetd"), etcd.endpoint(), o.agentTtl, o.heap)) {
            EtcdRegistry registry = new EtcdRegistry(client, PREFIX, Duration.ofSeconds(30));
            fleetd.awaitReady(Duration.ofSeconds(60));
            long t = System.nanoTime();
            try (SimulatedCluster cluster = SimulatedCluster.start(etcd.endpoint(), PREFIX, o.machines, o.agentTtl);
                    ClusterObserver observer = new ClusterObserver(registry)) {
                double register = (System.nanoTime() - t) / 1e9;
                ProcessUsage etcd0 = ProcessUsage.of(etcd.pid());
                ProcessUsage fleetd0 = ProcessUsage.of(fleetd.pid());
                ProcessUsage self0 = ProcessUsage.of(ProcessHandle.current().pid());

                long start = System.nanoTime();
                UnitSubmitter.Submission submission = UnitSubmitter.submit(fleetd, o.units, CLIENTS, o.batch);
                boolean all = !submission.fleetdExited()
                        && awaitRunning(observer, fleetd, o.units, start + o.timeout.toNanos());
                double running = all ? (observer.lastBecameRunning() - start) / 1e9 : Double.NaN;
                int observed = observer.running();
                int placed = observer.placements().size();
                int verified = verifiedRunning(registry);
                double etcdCpuUnits = ProcessUsage.of(etcd.pid()).since(etcd0).cpuSeconds();
                double simulatorCpu = ProcessUsage.of(ProcessHandle.current().pid()).since(self0).cpuSeconds();
                FleetdFigures figures = fleetdFigures(fleetd, fleetd0);
                long[] db = etcd.dbSize(client);

                Optional<MassLoss.Result> loss = Optional.empty();
                if (all && fleetd.alive()) {
                    loss = Optional.of(MassLoss.run(cluster.agents().subList(0, o.lose), observer, registry, fleetd, o.lossWindow));
                }

                Path keptLog = dir.resolveSibling(dir.getFileName() + "-fleetd.log");
                fleetd.keepLog(keptLog);
                System.out.println("fleetd's log (seconds since its start): " + keptLog);
                ProcessUsage etcd1 = ProcessUsage.of(etcd.pid());
                double raw = rawPuts(client, o.units);
                double etcdCpuRaw = ProcessUsage.of(etcd.pid()).since(etcd1).cpuSeconds();
                return new Run(register, submission, running, placed, observed, verified, raw, figures, etcdCpuUnits, etcdCpuRaw,
                        db[0], db[1], simulatorCpu, loss);
            }
        }
    }

    /** Waits for {@code count} running units, giving up early when fleetd exits. */
    private static boolean awaitRunning(ClusterObserver observer, FleetdProcess fleetd, int count, long deadline)
            throws InterruptedException {
        while (System.nanoTime() < deadline) {
            if (observer.awaitRunning(count, Math.min(deadline, System.nanoTime() + 1_000_000_000L))) {
                return true;
            }
            if (!fleetd.alive()) {
                return false;
            }
        }
        return false;
    }

    /** A full read of etcd, apart from the watches: units whose placed machine publishes them active. */
    private static int verifiedRunning(EtcdRegistry registry) {
        Map<String, String> placed = new HashMap<>();
        for (ScheduledUnit s : registry.snapshot(0).schedule()) {
            placed.put(s.name(), s.machineId());
        }
        int n = 0;
        for (UnitStateRecord s : registry.states().list()) {
            if ("active".equals(s.activeState()) && s.machineID().equals(placed.get(s.name()))) {
                n++;
            }
        }
        return n;
    }

    private static FleetdFigures fleetdFigures(FleetdProcess fleetd, ProcessUsage before) throws Exception {
        if (!fleetd.alive()) {
            return new FleetdFigures(false, 0, 0, 0, new double[] {Double.NaN, Double.NaN, Double.NaN},
                    new ProcessUsage(Double.NaN, 0, 0), Double.NaN,
                    fleetd.outOfMemory() ? "OutOfMemoryError" : "");
        }
        ProcessUsage usage = ProcessUsage.of(fleetd.pid());
        long[] heap = fleetd.heap();
        double[] gc = fleetd.gcCounts();
        long live = fleetd.liveHeapAfterFullGc();
        return new FleetdFigures(true, heap[0], heap[1], live, gc, usage, usage.since(before).cpuSeconds(),
                fleetd.largestClasses(8));
    }

    /** The baseline: {@code count} plain puts of a unit-sized value, {@value #CLIENTS} at a time. */
    private static double rawPuts(Client client, int count) throws Exception {
        var value = EngineBench.bytes("{\"name\":\"bench-00000.service\",\"hash\":\"" + "a".repeat(40)
                + "\",\"desiredState\":\"launched\",\"global\":false}");
        long start = System.nanoTime();
        Load.concurrent(CLIENTS, (count + CLIENTS - 1) / CLIENTS, i -> {
            if (i < count) {
                client.getKVClient().put(EngineBench.bytes("/bench-raw/" + i), value).get();
            }
        });
        return (System.nanoTime() - start) / 1e9;
    }

    static String unitName(int i) {
        return String.format("bench-%05d.service", i);
    }

    /** A body of its own per unit, as distinct services have. */
    static List<UnitOption> unitBody(int i) {
        return List.of(new UnitOption("Unit", "Description", "bench unit " + i),
                new UnitOption("Service", "ExecStart", "/bin/sleep infinity"));
    }

    private static void printRun(int n, Run r, Options o) {
        System.out.printf("%nrun %d: %d machines registered in %.1f s; %d units PUT in %.1f s (fleetd refused %d "
                + "requests, sent again; %d PUTs retried past the client)%s; all running after %.1f s (%d placed; "
                + "running: %d seen by the watches, %d by a full read); raw puts %.1f s%n",
                n, o.machines, r.registerSeconds, o.units, r.submission.seconds(), r.submission.refused(), r.submission.retries(),
                r.submission.fleetdExited() ? ", cut short: fleetd exited" : "", r.runningSeconds, r.placed, r.observedRunning,
                r.verifiedRunning, r.rawPutSeconds);
        FleetdFigures f = r.fleetd;
        if (f.survived) {
            System.out.printf("  fleetd: heap %.1f MB used of %.1f MB committed, %.1f MB live after a full GC; "
                    + "%.0f young + %.0f full GCs, %.1f s in GC; RSS %.0f MB (peak %.0f MB); CPU %.1f s for the units "
                    + "(%.1f s since start)%n", mb(f.heapUsed), mb(f.heapCommitted), mb(f.liveAfterFullGc), f.gc[0], f.gc[1],
                    f.gc[2], mb(f.usage.rssBytes()), mb(f.usage.peakRssBytes()), f.cpuForUnits, f.usage.cpuSeconds());
            System.out.println("  fleetd's largest classes after the full GC (jcmd GC.class_histogram):\n" + f.largestClasses);
        } else {
            System.out.println("  fleetd EXITED before all units ran: " + (f.largestClasses.isEmpty() ? "see its log" : f.largestClasses));
        }
        System.out.printf("  etcd: CPU %.1f s for the units, %.1f s for the raw puts; db %.1f MB (%.1f MB in use); "
                + "simulator CPU %.1f s%n", r.etcdCpuUnits, r.etcdCpuRaw, mb(r.dbSize), mb(r.dbInUse), r.simulatorCpu);
        r.loss.ifPresent(l -> System.out.printf("  %d machines lost (leases revoked): %d units lost (%d to %d a machine); within %d s %d machines "
                + "released (rule: at most %d): fleetd logged them lost at %s s, their units were placed anew at %s s; first moved unit running after %.1f s; %d moved and running, %d moved "
                + "and not running yet, %d units of live machines moved; a held unit's reason: %s%n", l.machines(),
                l.lostUnits(), l.perMachine()[0], l.perMachine()[1], l.window().toSeconds(), l.releases().size(), l.expectedReleases(o.agentTtl),
                seconds(l.decisions()), seconds(l.releases()), l.firstRunning(), l.movedRunning(), l.movedStarting(), l.collateral(), l.heldReason()));
    }

    private static void printMedians(List<Run> runs, Options o) {
        System.out.printf("%nmedian of %d runs%n", runs.size());
        row("machines registered (%d)", o.machines, Stats.median(runs, Run::registerSeconds), "s");
        row("%s", o.units + " units sent through the API (" + (o.batch > 0 ? o.batch + " a POST)" : "one PUT each)"),
                Stats.median(runs, r -> r.submission.seconds()), "s");
        row("%d units sent -> all running (goal <= 10 s)", o.units, Stats.median(runs, Run::runningSeconds), "s");
        row("baseline: %d raw etcd puts, same concurrency", o.units, Stats.median(runs, Run::rawPutSeconds), "s");
        row("fleetd live heap after full GC (%s)", o.heap.map(h -> "-Xmx" + h).orElse("bin/fleetd's -Xmx"),
                Stats.median(runs, r -> r.fleetd.survived ? mb(r.fleetd.liveAfterFullGc) : Double.NaN), "MB");
        row("fleetd RSS (%s)", "peak", Stats.median(runs, r -> r.fleetd.survived ? mb(r.fleetd.usage.peakRssBytes()) : Double.NaN), "MB");
        row("fleetd CPU for the units (%s)", "s", Stats.median(runs, r -> r.fleetd.cpuForUnits), "s");
        row("fleetd GC time since start (%s)", "s", Stats.median(runs, r -> r.fleetd.gc[2]), "s");
        row("etcd CPU for the units (%s)", "via fleet", Stats.median(runs, Run::etcdCpuUnits), "s");
        row("etcd CPU for the raw puts (%s)", "baseline", Stats.median(runs, Run::etcdCpuRaw), "s");
        row("etcd db size after the units (%s)", "allocated", Stats.median(runs, r -> mb(r.dbSize)), "MB");
        row("%d machines lost: machines released in the window", o.lose,
                Stats.median(runs, r -> r.loss.map(l -> (double) l.releases().size()).orElse(Double.NaN)), "");
        row("%d machines lost: median gap between releases", o.lose,
                Stats.median(runs, r -> r.loss.map(MassLoss.Result::medianReleaseInterval).orElse(Double.NaN)), "s");
        row("%d machines lost: first moved unit running", o.lose,
                Stats.median(runs, r -> r.loss.map(MassLoss.Result::firstRunning).orElse(Double.NaN)), "s");
    }

    private static void row(String label, Object arg, double value, String unit) {
        System.out.printf("  %-58s %10.1f %s%n", String.format(label, arg), value, unit);
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }

    private static double mb(long bytes) {
        return bytes / 1_048_576.0;
    }
}
