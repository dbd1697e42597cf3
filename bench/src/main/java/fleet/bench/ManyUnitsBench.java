package fleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fleet.testing.LabMachine;

/**
 * Issue 13's "1,000 units on 5 machines" row, as a user runs it: {@code bin/fleetctl start --no-block}
 * of 1,000 unit files against a 5-machine lab, until every unit is active. Beside it, in the same lab
 * and the same round, the floor the machines themselves set: systemd alone starting the same share of
 * units on every machine at once (unit files written, one daemon-reload, {@code systemctl start
 * --no-block}, until all are active). Each round ends with the units gone (fleetctl destroy, or
 * systemctl stop and the files removed). Prints every round and the medians.
 */
public final class ManyUnitsBench {
    private static final int MACHINES = 5;

    private final LabSession lab;
    private final int units;

    private ManyUnitsBench(LabSession lab, int units) {
        this.lab = lab;
        this.units = units;
    }

    public static void main(String[] args) throws Exception {
        int units = intOption(args, "--units", 1000);
        int rounds = intOption(args, "--rounds", 3);
        LabSession.withLab(args, MACHINES, lab -> {
            ManyUnitsBench b = new ManyUnitsBench(lab, units);
            List<Long> systemd = new ArrayList<>();
            List<Long> cli = new ArrayList<>();
            List<Long> fleet = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            System.out.printf("%n%-6s %-34s %-22s %-26s %s%n", "round", "systemd alone, " + units / MACHINES + " a machine",
                    "fleetctl CLI returns", units + " units -> all active", "fleetd CPU, all machines");
            for (int round = 1; round <= rounds; round++) {
                systemd.add(b.systemdAlone(round));
                long cpu0 = b.fleetdCpuMillis();
                long[] started = b.startWithTheCli(round);
                long spent = b.fleetdCpuMillis() - cpu0;
                cli.add(started[0]);
                fleet.add(started[1]);
                cpu.add(spent);
                System.out.printf("%-6d %-34s %-22s %-26s %s%n", round, systemd.get(round - 1) + " ms", started[0] + " ms",
                        started[1] + " ms", spent + " ms");
                b.destroy(round);
            }
            System.out.printf("%-6s %-34s %-22s %-26s %s%n", "median", Stats.medianMs(systemd) + " ms", Stats.medianMs(cli) + " ms",
                    Stats.medianMs(fleet) + " ms", Stats.medianMs(cpu) + " ms");
            System.out.printf("goal: %d units -> all active <= 10 s (fleet v1.0: 30.7 s for 1,000 on 5 machines)%n", units);
        });
    }

    /** systemd alone: every machine starts its share at the same time; until the last machine has all active. */
    private long systemdAlone(int round) throws Exception {
        int share = units / MACHINES;
        String prefix = "bare" + round + "-";
        String write = "for i in $(seq 0 " + (share - 1) + "); do printf '[Service]\\nExecStart=/bin/sleep 100000\\n'"
                + " > /run/systemd/system/" + prefix + "$i.service; done; systemctl daemon-reload";
        String start = "systemctl start --no-block $(seq -f '" + prefix + "%g.service' 0 " + (share - 1) + ");"
                + " while [ \"$(systemctl list-units --state=active --no-legend '" + prefix + "*' | wc -l)\" -lt " + share
                + " ]; do sleep 0.05; done";
        List<LabMachine> machines = lab.machines(MACHINES);
        onEveryMachine(machines, write);
        long t0 = System.nanoTime();
        onEveryMachine(machines, start);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        onEveryMachine(machines, "systemctl stop '" + prefix + "*'; rm -f /run/systemd/system/" + prefix
                + "*.service; systemctl daemon-reload");
        return ms;
    }

    private void onEveryMachine(List<LabMachine> machines, String script) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(machines.size());
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (LabMachine m : machines) {
                runs.add(pool.submit(() -> lab.lab("exec", m.name(), "sh", "-c", script)));
            }
            for (Future<String> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** @return the CLI's wall time and the time until every unit is active, both in ms */
    private long[] startWithTheCli(int round) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--no-block"));
        List<String> names = new ArrayList<>();
        for (Path file : LabSession.unitFiles("many" + round + "-", units)) {
            args.add(file.toString());
            names.add(file.getFileName().toString());
        }
        long t0 = System.nanoTime();
        long cliMs = lab.fleetctl(args);
        lab.await(units + " units active", () -> lab.active().keySet().containsAll(names), Duration.ofSeconds(300),
                Duration.ofMillis(100));
        return new long[] {cliMs, (System.nanoTime() - t0) / 1_000_000};
    }

    private void destroy(int round) throws Exception {
        List<String> args = new ArrayList<>(List.of("destroy"));
        for (int i = 0; i < units; i++) {
            args.add("many" + round + "-" + i + ".service");
        }
        lab.fleetctl(args);
        lab.await("units of round " + round + " gone",
                () -> lab.active().keySet().stream().noneMatch(n -> n.startsWith("many" + round + "-")),
                Duration.ofSeconds(300), Duration.ofMillis(250));
    }

    /** fleetd's CPU time (user + system) summed over the lab's machines, from /proc. */
    private long fleetdCpuMillis() throws Exception {
        long ticks = 0;
        for (LabMachine m : lab.machines(MACHINES)) {
            String stat = lab.lab("exec", m.name(), "sh", "-c",
                    "cat /proc/$(systemctl show -p MainPID --value fleet)/stat").trim();
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15 of stat
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }


    private static int intOption(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }
}
