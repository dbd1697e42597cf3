package fleet.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import fleet.engine.Engine;
import fleet.engine.EnginePlanner;
import fleet.registry.EtcdClients;
import fleet.registry.EtcdConnection;
import fleet.registry.EtcdRegistry;
import fleet.registry.Fence;
import fleet.registry.MachineInfo;
import fleet.schedule.Scheduler;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/**
 * Placements committed per second by the real engine loop against a real etcd, with N simulated
 * machines (each its own registration; leases shared per 100 machines to spare keep-alive threads)
 * and M units, next to the raw rate of the same batched transactions written directly with jetcd
 * in the same run. Two scenarios: <em>elected</em> (the units exist, a new leader places them all
 * in its first pass, which reads everything) and <em>arriving</em> (the engine leads, then the units
 * are written in bulk at etcd's pace while it places them; its raw figure is the time etcd takes to
 * absorb the same unit writes without an engine plus the raw placement writes, one after the other). Usage:
 * {@code bench/run engine} (starts its own etcd) or {@code bench/run engine ENDPOINT}.
 */
public final class EngineBench {
    private static final int PLACES_PER_TXN = 64; // 2 etcd ops each: schedule key + placement index

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0] : System.getenv("ETCD_ENDPOINT");
        if (endpoint == null) {
            System.err.println("usage: EngineBench ETCD_ENDPOINT (bench/run engine starts an etcd for you)");
            System.exit(2);
        }
        int[][] sizes = {{100, 2_000}, {1_000, 2_000}, {1_000, 10_000}};
        System.out.printf("%-9s %-9s %-7s %-12s %-14s %-14s %-8s %s%n", "scenario", "machines", "units", "engine s",
                "placements/s", "raw places/s", "ratio", "next 1-unit pass (median of " + ONE_MORE + "): read / plan / write ms (plan CPU ms)");
        try (Client client = EtcdClients.build(EtcdConnection.plain(List.of(endpoint)), Duration.ofSeconds(10))) {
            run(client, 200, 3_000); // warm-up: JIT, connection, etcd caches (not reported)
            arriving(client, 200, 3_000);
            for (int[] size : sizes) {
                print("elected", size, run(client, size[0], size[1]));
            }
            for (int[] size : sizes) {
                print("arriving", size, arriving(client, size[0], size[1]));
            }
        }
    }

    private static void print(String scenario, int[] size, Row row) {
        System.out.printf(Locale.ROOT, "%-9s %-9d %-7d %-12.2f %-14.0f %-14.0f %-8s %s%n", scenario, size[0], size[1],
                row.engineSeconds, size[1] / row.engineSeconds, row.rawPlacesPerSecond,
                String.format(Locale.ROOT, "%.0f%%", 100 * (size[1] / row.engineSeconds) / row.rawPlacesPerSecond),
                row.onePass);
    }

    /** {@code onePass}: read / plan / write ms of the pass that placed one more unit afterwards ("" if not measured). */
    record Row(double engineSeconds, double rawPlacesPerSecond, String onePass) {}

    static Row run(Client client, int machines, int units) throws Exception {
        String prefix = "/bench-" + UUID.randomUUID() + "/";
        EtcdRegistry registry = new EtcdRegistry(client, prefix, Duration.ofSeconds(30));
        registerMachines(client, prefix, machines);
        createUnits(registry, units);
        Fence fence = leaderKey(client, prefix);
        RetainedHeap heap = units >= HEAP_AT_UNITS ? RetainedHeap.before() : null;
        Engine engine = new Engine(registry, new EnginePlanner(Scheduler.spread()), Duration.ofHours(1), Clock.systemUTC());
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        engine.onElected(fence);
        while (engine.opsApplied() < units) {
            Thread.sleep(5);
        }
        double engineSeconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "  %dx%d last pass: %s; this JVM's CPU during it: %.2f s%n", machines, units,
                engine.lastPass(), (processCpuNanos() - cpuStart) / 1e9);
        // then one more unit at a time: what a pass costs when one thing changed in a cluster of this size
        List<Engine.PassTimings> onePasses = new ArrayList<>();
        for (int i = 0; i < ONE_MORE; i++) {
            long before = engine.opsApplied();
            registry.units().create("one-more-" + i + ".service", body(units + i), DesiredState.LAUNCHED);
            while (engine.opsApplied() < before + 1 || engine.lastPass().ops() != 1) {
                Thread.sleep(1);
            }
            onePasses.add(engine.lastPass());
        }
        if (heap != null) {
            System.err.println(heap.retainedSince(machines + "x" + units + " leader (view, scheduler memo, parsed units)"));
        }
        engine.close();
        double raw = rawPlaces(client, prefix + "raw/", units);
        client.getKVClient().delete(bytes(prefix), io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        return new Row(engineSeconds, raw, median(onePasses, Engine.PassTimings::readMillis) + " / "
                + median(onePasses, Engine.PassTimings::planMillis) + " / " + median(onePasses, Engine.PassTimings::writeMillis)
                + String.format(Locale.ROOT, " (plan CPU %.1f)", median(onePasses, Engine.PassTimings::planCpuMicros) / 1000.0));
    }

    /** CPU time of this JVM (all threads: the engine's and the etcd client's), steadier than wall time on a busy box. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One-unit passes measured per size; their median is printed. */
    private static final int ONE_MORE = 5;
    /** The size at which the engine's retained heap is measured. */
    private static final int HEAP_AT_UNITS = 10_000;

    private static long median(List<Engine.PassTimings> passes, java.util.function.ToLongFunction<Engine.PassTimings> field) {
        return Math.round(Stats.median(passes, p -> field.applyAsLong(p)));
    }

    /**
     * The engine leads first; then {@code units} units are written straight to etcd (the API's keys,
     * bodies seeded beforehand) and it places them as they come.
     */
    static Row arriving(Client client, int machines, int units) throws Exception {
        String prefix = "/bench-" + UUID.randomUUID() + "/";
        EtcdRegistry registry = new EtcdRegistry(client, prefix, Duration.ofSeconds(30));
        registerMachines(client, prefix, machines);
        Engine engine = new Engine(registry, new EnginePlanner(Scheduler.spread()), Duration.ofHours(1), Clock.systemUTC());
        engine.onElected(leaderKey(client, prefix));
        createUnits(registry, BODIES, "seed@"); // the bodies, through the API's path (placed, not timed)
        while (engine.opsApplied() < BODIES) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        writeUnits(client, prefix, units);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        while (engine.opsApplied() < BODIES + units) {
            Thread.sleep(5);
        }
        double engineSeconds = (System.nanoTime() - start) / 1e9;
        System.err.println("  arriving " + machines + "x" + units + ": units written in " + Math.round(writeSeconds * 1000)
                + " ms; last pass: " + engine.lastPass());
        engine.close();
        long rawStart = System.nanoTime();
        writeUnits(client, prefix + "raw/", units);
        double rawWriteSeconds = (System.nanoTime() - rawStart) / 1e9;
        double raw = rawPlaces(client, prefix + "raw/", units);
        client.getKVClient().delete(bytes(prefix), io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        return new Row(engineSeconds, units / (rawWriteSeconds + units / raw), "");
    }

    /** Units {@code web@N} as the API writes them (record and body reference), 64 per transaction, 8 in
     * flight; their bodies are already stored. */
    static void writeUnits(Client client, String prefix, int units) throws Exception {
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<?>> inFlight = new java.util.ArrayDeque<>();
        int perTxn = 64; // 2 ops each: units/ and body-refs/ (the bodies exist: no re-put)
        for (int done = 0; done < units; done += perTxn) {
            List<Op> ops = new ArrayList<>();
            for (int i = done; i < Math.min(units, done + perTxn); i++) {
                String name = "web@" + i + ".service";
                String hash = body(i).hash().hex();
                ops.add(Op.put(bytes(prefix + "units/" + name), bytes("{\"name\":\"" + name + "\",\"hash\":\"" + hash
                        + "\",\"desiredState\":\"launched\",\"global\":false}"), PutOption.DEFAULT));
                ops.add(Op.put(bytes(prefix + "body-refs/" + hash + "/" + name), bytes(""), PutOption.DEFAULT));
            }
            inFlight.add(client.getKVClient().txn().Then(ops.toArray(new Op[0])).commit());
            if (inFlight.size() >= 8) {
                inFlight.poll().get();
            }
        }
        for (java.util.concurrent.CompletableFuture<?> f : inFlight) {
            f.get();
        }
    }

    /** Machines as agents register them: JSON under machines/, on leases (one per 100 machines). */
    static void registerMachines(Client client, String prefix, int machines) throws Exception {
        long lease = 0;
        for (int i = 0; i < machines; i++) {
            if (i % 100 == 0) {
                lease = client.getLeaseClient().grant(600).get().getID();
            }
            String id = String.format("%032x", i + 1);
            String json = "{\"id\":\"" + id + "\",\"publicIP\":\"10.0." + (i / 250) + "." + (i % 250)
                    + "\",\"metadata\":{\"zone\":\"z" + (i % 4) + "\"},\"version\":\"bench\","
                    + "\"capacity\":{\"cpus\":4,\"memoryBytes\":8589934592},\"disableEngine\":false}";
            client.getKVClient().put(bytes(prefix + "machines/" + id), bytes(json),
                    PutOption.builder().withLeaseId(lease).build()).get();
        }
    }

    /** Distinct unit bodies: unit N has body N mod this. */
    private static final int BODIES = 100;

    static UnitFile body(int n) {
        return UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep " + (n % 50)),
                new UnitOption("X-Fleet", "MachineMetadata", "zone=z" + (n % 4))));
    }

    static void createUnits(EtcdRegistry registry, int units) throws Exception {
        createUnits(registry, units, "web@");
    }

    /** Units through the registry's own create path, 16 at a time (not measured). */
    static void createUnits(EtcdRegistry registry, int units, String namePrefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            int n = i;
            done.add(pool.submit(() -> registry.units().create(namePrefix + n + ".service", body(n), DesiredState.LAUNCHED)));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    static Fence leaderKey(Client client, String prefix) throws Exception {
        String key = prefix + "engine/leader/bench";
        long rev = client.getKVClient().put(bytes(key), bytes("bench")).get().getHeader().getRevision();
        return new Fence(key, rev);
    }

    /**
     * The same writes (2 puts per placement, 64 placements per transaction) straight to etcd with the
     * same pipelining as the engine (8 transactions in flight): the ceiling the engine is measured against.
     */
    static double rawPlaces(Client client, String prefix, int places) throws Exception {
        String value = "{\"name\":\"web@0.service\",\"hash\":\"" + "a".repeat(40) + "\",\"desiredState\":\"launched\"}";
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<?>> inFlight = new java.util.ArrayDeque<>();
        long start = System.nanoTime();
        for (int done = 0; done < places; done += PLACES_PER_TXN) {
            Txn txn = client.getKVClient().txn();
            List<Op> ops = new ArrayList<>();
            for (int i = done; i < Math.min(places, done + PLACES_PER_TXN); i++) {
                ops.add(Op.put(bytes(prefix + "schedule/m/" + i), bytes(value), PutOption.DEFAULT));
                ops.add(Op.put(bytes(prefix + "placement/" + i), bytes("m"), PutOption.DEFAULT));
            }
            inFlight.add(txn.Then(ops.toArray(new Op[0])).commit());
            if (inFlight.size() >= 8) {
                inFlight.poll().get();
            }
        }
        for (java.util.concurrent.CompletableFuture<?> f : inFlight) {
            f.get();
        }
        return places / ((System.nanoTime() - start) / 1e9);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

}
