package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fleet.testing.LabMachine;

/**
 * Figures measured in the lab (real systemd machines running fleetd, real etcd), through the HTTP
 * API as a user would see them: time from a PUT to systemd's ActiveState=active as published back,
 * failover after kill -9 of a machine, and fleetd's memory. Usage: {@code bench/run lab} (boots a
 * 3-machine lab with agent_ttl=5s in its own state dir, or in $FLEET_LAB_DIR when set, on the subnet
 * $FLEET_LAB_SUBNET as bin/fleet-lab, and tears it down).
 */
public final class LabBench {
    private final LabSession lab;

    private LabBench(LabSession lab) {
        this.lab = lab;
    }

    public static void main(String[] args) throws Exception {
        LabSession.withLab(args, 3, lab -> {
            LabBench b = new LabBench(lab);
            System.out.printf("%n%-46s %-24s %s%n", "figure", "measured", "goal");
            for (java.util.concurrent.Callable<String[]> figure : List.<java.util.concurrent.Callable<String[]>>of(
                    b::startOne, () -> b.startMany(100), b::coldListUnits, () -> b.startManyWithTheCli(100),
                    b::startOneWithTheCli, b::memory, b::failover)) {
                String[] r = figure.call();
                System.out.printf("%-46s %-24s %s%n", r[0], r[1], r[2]);
            }
        });
    }

    /** 5 single units one after the other; the median from PUT to active. */
    String[] startOne() throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "one-" + i + ".service";
            long t0 = System.nanoTime();
            lab.put(name, "");
            lab.awaitActive(List.of(name), Duration.ofSeconds(30));
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
                lab.put(name, "");
                return null;
            }));
        }
        for (Future<?> f : puts) {
            f.get();
        }
        long putMs = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        lab.awaitActive(names, Duration.ofSeconds(120));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new String[] {n + " units -> all active on 3 machines", ms + " ms (PUTs " + putMs + " ms)", "<= 1500 ms"};
    }

    /** {@code bin/fleetctl start --no-block} of n unit files, the CLI process as users run it. */
    String[] startManyWithTheCli(int n) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--no-block"));
        List<String> names = new ArrayList<>();
        for (Path file : LabSession.unitFiles("cli-", n)) {
            args.add(file.toString());
            names.add(file.getFileName().toString());
        }
        long t0 = System.nanoTime();
        long cliMs = lab.fleetctl(args);
        lab.awaitActive(names, Duration.ofSeconds(120));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new String[] {n + " units via bin/fleetctl -> all active", ms + " ms (CLI " + cliMs + " ms)", "<= 1500 ms"};
    }

    /** Blocking {@code bin/fleetctl start FILE} of one new unit at a time: until the process returns (median of 5). */
    String[] startOneWithTheCli() throws Exception {
        List<Long> ms = new ArrayList<>();
        for (Path file : LabSession.unitFiles("cli-one-", 5)) {
            ms.add(lab.fleetctl(List.of("start", file.toString())));
        }
        return new String[] {"bin/fleetctl start 1 unit (blocking, median of 5)", Stats.medianMs(ms) + " ms " + ms,
                "<= 500 ms"};
    }

    /** A cold {@code bin/fleetctl list-units} beside a bare JVM with the same flags (median of 10 each). */
    String[] coldListUnits() throws Exception {
        int units = lab.active().size();
        List<Long> cli = new ArrayList<>();
        List<Long> jvm = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cli.add(lab.fleetctl(List.of("list-units")));
            jvm.add(LabSession.run(List.of("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-version")));
        }
        return new String[] {"bin/fleetctl list-units, cold (" + units + " units)",
                Stats.medianMs(cli) + " ms (bare JVM " + Stats.medianMs(jvm) + " ms)", "<= 150 ms"};
    }



    /**
     * fleetd's resident memory per machine: RSS, and PSS from smaps_rollup (a shared page counted
     * in part per process mapping it, so the libraries and archives every JVM maps count once).
     */
    String[] memory() throws Exception {
        List<Long> rss = new ArrayList<>();
        List<Long> pss = new ArrayList<>();
        for (LabMachine m : lab.machines(3)) {
            String out = lab.lab("exec", m.name(), "sh", "-c", "p=$(systemctl show -p MainPID --value fleet);"
                    + " grep '^VmRSS:' /proc/$p/status; grep '^Pss:' /proc/$p/smaps_rollup");
            rss.add(kilobytes(out, "VmRSS:") / 1024);
            pss.add(kilobytes(out, "Pss:") / 1024);
        }
        return new String[] {"fleetd RSS / PSS per machine (~35 units each)",
                rss.toString().replace(" ", "") + " / " + pss.toString().replace(" ", "") + " MB", "<= 64 MB"};
    }

    private static long kilobytes(String procLines, String field) {
        for (String line : procLines.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in: " + procLines);
    }

    /** kill -9 of the machine running a probe unit; time until the unit is active elsewhere. */
    String[] failover() throws Exception {
        lab.put("probe.service", "");
        lab.await("probe.service published active", () -> !lab.active().getOrDefault("probe.service", List.of()).isEmpty(),
                Duration.ofSeconds(30));
        String machineId = lab.active().get("probe.service").get(0);
        LabMachine victim = lab.machines(3).stream().filter(m -> m.machineId().equals(machineId)).findFirst()
                .orElseThrow();
        if ("m1".equals(victim.name())) {
            lab.useApiOf(lab.machines(3).get(1));
        }
        long t0 = System.nanoTime();
        lab.lab("kill", victim.name());
        String figure = "kill -9 of a machine -> unit active elsewhere";
        try {
            lab.await("probe.service active elsewhere", () -> {
                List<String> where = lab.active().getOrDefault("probe.service", List.of());
                return !where.isEmpty() && !where.contains(machineId);
            }, Duration.ofSeconds(60));
        } catch (IOException notWithin) {
            return new String[] {figure, "> 60 s", "<= 6000 ms (ttl 5 s)"};
        }
        return new String[] {figure, (System.nanoTime() - t0) / 1_000_000 + " ms", "<= 6000 ms (ttl 5 s)"};
    }
}
