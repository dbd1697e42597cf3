package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import fleet.testing.DamageCount;
import fleet.testing.FleetLab;
import fleet.testing.LabMachine;

/**
 * The fault suite: {@code bench/run faults [CASE...]}. Each case boots a fresh 3-machine lab (real
 * systemd, fleetd as fleet.service, agent_ttl 5 s, one real etcd), starts 12 units
 * ({@code Restart=always}), injects one fault and counts in every machine's systemd what it cost:
 * units lost (active nowhere once the cluster settled), needless restarts (MainPID changed on the
 * same machine), moves, duplicates (a unit active on two machines in one sample) with the longest
 * overlap, and the time from the end of the fault until every unit ran exactly once for 3 samples
 * in a row (samples 0.5 s apart, so 1.3 s is the floor). Beside them run 2 units with
 * {@code AtMostOneCopy=true}, whose duplicates and restarts are counted apart: such a unit may be
 * stopped and started again by a fault, but never run twice. Partitions and netem are lab/net.sh's.
 */
public final class FaultBench {
    private static final int UNITS = 12;
    private static final Duration SETTLE = Duration.ofSeconds(45);
    private static final String UNIT = "[Service]\nExecStart=/bin/sleep infinity\nRestart=always\nRestartSec=1\n";
    private static final int SINGLES = 2;
    private static final String SINGLE = UNIT + "[X-Fleet]\nAtMostOneCopy=true\n";

    /** One fault: injects it into a running lab, sampling the damage meanwhile; returns a note for the table. */
    interface Fault {
        String inject(Lab lab, Sampler damage) throws Exception;
    }

    /** Takes one sample of every damage count. */
    interface Sampler {
        void sample() throws IOException;
    }

    record Case(String name, String expected, int etcdMembers, Fault fault) {
        Case(String name, String expected, Fault fault) {
            this(name, expected, 1, fault);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("etcd paused 20 s (past agent_ttl)", "nothing moves", (lab, d) -> {
                lab.etcdMember(1, "pause");
                try {
                    lab.sampleFor(d, Duration.ofSeconds(20));
                } finally {
                    lab.etcdMember(1, "resume");
                }
                return "";
            }),
            new Case("etcd kill -9, restarted after 10 s", "nothing moves", (lab, d) -> {
                lab.etcdMember(1, "kill");
                lab.sampleFor(d, Duration.ofSeconds(10));
                lab.etcdMember(1, "start");
                return "";
            }),
            new Case("one of 3 etcd members kill -9 for 10 s", "nothing moves", 3, (lab, d) -> {
                lab.etcdMember(1, "kill");
                lab.sampleFor(d, Duration.ofSeconds(10));
                lab.etcdMember(1, "start");
                return "";
            }),
            new Case("etcd quorum lost (2 of 3 killed) 10 s, regained", "nothing moves", 3, (lab, d) -> {
                lab.etcdMember(1, "kill");
                lab.etcdMember(2, "kill");
                lab.sampleFor(d, Duration.ofSeconds(10));
                lab.etcdMember(1, "start");
                lab.etcdMember(2, "start");
                return "";
            }),
            new Case("leader fleetd kill -9", "nothing moves", (lab, d) -> {
                LabMachine leader = lab.leader();
                lab.exec(leader, "systemctl", "kill", "--signal=SIGKILL", "fleet.service");
                return "leader " + leader.name();
            }),
            new Case("non-leader fleetd kill -9", "nothing moves", (lab, d) -> {
                LabMachine leader = lab.leader();
                LabMachine other = lab.machines().stream().filter(m -> m != leader).findFirst().orElseThrow();
                lab.exec(other, "systemctl", "kill", "--signal=SIGKILL", "fleet.service");
                return other.name();
            }),
            new Case("systemctl restart fleet, every machine in turn", "nothing moves", (lab, d) -> {
                for (LabMachine m : lab.machines()) {
                    lab.exec(m, "systemctl", "restart", "fleet.service");
                    lab.sampleFor(d, Duration.ofSeconds(3));
                }
                return "";
            }),
            new Case("machine kill -9", "its units move", (lab, d) -> {
                LabMachine victim = lab.machines().get(2);
                lab.lab.runOrFail(List.of("kill", victim.name()));
                return victim.name() + " killed";
            }),
            new Case("machine frozen 10 s (past agent_ttl), thawed", "its units move once", (lab, d) -> {
                LabMachine victim = lab.machines().get(2);
                lab.lab.runOrFail(List.of("freeze", victim.name()));
                try {
                    lab.sampleFor(d, Duration.ofSeconds(10));
                } finally {
                    lab.lab.runOrFail(List.of("thaw", victim.name()));
                }
                return victim.name() + " frozen";
            }),
            new Case("machine partitioned 15 s from everything, healed", "its units move; the cut-off copies stop "
                    + "on healing", cutOff("partition", Duration.ofSeconds(15))),
            new Case("machine partitioned 15 s from etcd only, healed", "its units move; the cut-off copies stop "
                    + "on healing", cutOff("partition", Duration.ofSeconds(15), "--etcd-only")),
            new Case("10 % packet loss on one machine, 30 s", "nothing moves",
                    cutOff("netem", Duration.ofSeconds(30), "loss", "10%")),
            new Case("200 ms delay on one machine, 30 s", "nothing moves",
                    cutOff("netem", Duration.ofSeconds(30), "delay", "200ms")),
            new Case("dbus-daemon restarted in a machine", "nothing moves", (lab, d) -> {
                lab.exec(lab.machines().get(1), "systemctl", "restart", "dbus.service");
                return "";
            }),
            new Case("a unit's own process killed", "1 restart by systemd, no move", (lab, d) -> {
                LabMachine m = lab.machines().get(0);
                lab.exec(m, "sh", "-c", "systemctl kill --signal=SIGKILL $(systemctl list-units --plain --no-legend "
                        + "'fault-*' | head -1 | cut -d' ' -f1)");
                return "";
            }));

    /** {@code fleet-lab COMMAND m3 ARGS...} for {@code duration}, then {@code fleet-lab heal m3}. */
    static Fault cutOff(String command, Duration duration, String... args) {
        return (lab, d) -> {
            LabMachine victim = lab.machines().get(2);
            List<String> cmd = new ArrayList<>(List.of(command, victim.name()));
            cmd.addAll(List.of(args));
            lab.lab.runOrFail(cmd);
            try {
                lab.sampleFor(d, duration);
            } finally {
                lab.lab.runOrFail(List.of("heal", victim.name()));
            }
            return (victim.name() + " " + command + " " + String.join(" ", args)).trim();
        };
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Predicate<Case> chosen = c -> only.isEmpty() || only.stream().anyMatch(o -> c.name().contains(o));
        List<String[]> rows = new ArrayList<>();
        for (Case c : CASES.stream().filter(chosen).toList()) {
            Path state = Files.createTempDirectory(Files.createDirectories(repo.resolve("bench/target")), "faults-");
            try (Lab lab = Lab.boot(repo, state, c.etcdMembers())) {
                rows.add(run(lab, c));
            } catch (Exception e) {
                rows.add(new String[] {c.name(), "error", "", "", "", "", "", e.toString().replace('\n', ' ')});
            }
            System.out.println(String.join(" | ", rows.get(rows.size() - 1)));
        }
        System.out.printf("%n%-48s %5s %9s %6s %17s %10s %14s  %s%n", "fault (3 machines, 12 units, agent_ttl 5 s)",
                "lost", "restarts", "moved", "duplicates", "converged", "1-copy dup/rst", "expected / note");
        for (String[] r : rows) {
            System.out.printf("%-48s %5s %9s %6s %17s %10s %14s  %s%n", (Object[]) r);
        }
    }

    static String[] run(Lab lab, Case c) throws Exception {
        for (int i = 1; i <= UNITS; i++) {
            lab.put("fault-" + i + ".service", UNIT);
        }
        for (int i = 1; i <= SINGLES; i++) {
            lab.put("single-" + i + ".service", SINGLE);
        }
        DamageCount damage = new DamageCount(lab.machines(), "fault-*");
        DamageCount singles = new DamageCount(lab.machines(), "single-*");
        lab.await(() -> damage.baseline().size() == UNITS && singles.baseline().size() == SINGLES,
                Duration.ofSeconds(60));
        Sampler both = () -> {
            damage.sample();
            singles.sample();
        };
        String note = c.fault().inject(lab, both);
        long end = System.nanoTime();
        long converged = -1;
        int settled = 0;
        while (System.nanoTime() - end < SETTLE.toNanos()) {
            both.sample();
            settled = damage.runningOnce() == UNITS && singles.runningOnce() == SINGLES ? settled + 1 : 0;
            if (settled == 3 && converged < 0) {
                converged = (System.nanoTime() - end) / 1_000_000;
            }
            if (converged >= 0 && System.nanoTime() - end > Duration.ofSeconds(15).toNanos()) {
                break; // settled, and watched long enough for a late move or restart to show
            }
            Thread.sleep(500);
        }
        return new String[] {c.name(), Integer.toString(damage.lost().size()), Integer.toString(damage.restarted().size()),
                Integer.toString(damage.moved().size()),
                damage.duplicated().size() + (damage.duplicated().isEmpty() ? "" : " (" + damage.longestOverlapMs() + " ms)"),
                converged < 0 ? "> " + SETTLE.toSeconds() + " s" : converged + " ms",
                singles.duplicated().size() + " / " + singles.restarted().size(),
                c.expected() + (note.isEmpty() ? "" : "; " + note)};
    }

    /** A booted lab, its API and the few faults the cases share. */
    static final class Lab implements AutoCloseable {
        final FleetLab lab;
        private final List<LabMachine> machines;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        private Lab(FleetLab lab, List<LabMachine> machines) {
            this.lab = lab;
            this.machines = machines;
        }

        static Lab boot(Path repo, Path state, int etcdMembers) throws Exception {
            FleetLab lab = new FleetLab(repo, state);
            lab.runOrFail(List.of("up", "--machines", "3", "--with-fleetd", "--etcd-members",
                    Integer.toString(etcdMembers)));
            Lab l = new Lab(lab, lab.machines(3));
            l.await(() -> l.machineCount() == 3, Duration.ofSeconds(60));
            return l;
        }

        List<LabMachine> machines() {
            return machines;
        }

        void put(String name, String unitText) throws Exception {
            StringBuilder options = new StringBuilder();
            String section = "";
            for (String line : unitText.split("\n")) {
                if (line.startsWith("[")) {
                    section = line.substring(1, line.length() - 1);
                } else if (line.contains("=")) {
                    options.append(options.length() == 0 ? "" : ",").append(String.format(
                            "{\"section\":\"%s\",\"name\":\"%s\",\"value\":\"%s\"}", section,
                            line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
                }
            }
            var r = http.send(java.net.http.HttpRequest.newBuilder(api("units/" + name))
                    .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"desiredState\":\"launched\",\"options\":[" + options + "]}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException("PUT " + name + ": " + r.statusCode() + " " + r.body());
            }
        }

        int machineCount() throws Exception {
            var r = http.send(java.net.http.HttpRequest.newBuilder(api("machines")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().split("\"id\"", -1).length - 1 : -1;
        }

        private java.net.URI api(String path) {
            return java.net.URI.create("http://" + machines.get(0).ip() + ":49153/fleet/v1/" + path);
        }

        void exec(LabMachine m, String... command) throws IOException {
            FleetLab.Result r = m.exec(command);
            if (!r.ok()) {
                throw new IOException(String.join(" ", command) + " in " + m.name() + ": " + r.output());
            }
        }

        void etcdMember(int member, String what) throws IOException {
            lab.runOrFail(List.of("etcd", Integer.toString(member), what));
        }

        void sampleFor(Sampler d, Duration duration) throws Exception {
            long until = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < until) {
                d.sample();
                Thread.sleep(500);
            }
        }

        LabMachine leader() throws Exception {
            ProcessBuilder pb = new ProcessBuilder("etcdctl", "--endpoints", lab.etcdEndpoint(), "get",
                    "--prefix", "/_coreos.com/fleet/engine/leader/", "--print-value-only", "--sort-by=CREATE",
                    "--order=ASCEND").redirectErrorStream(true);
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            String id = out.lines().findFirst().orElseThrow(() -> new IOException("no engine leader: " + out));
            return machines.stream().filter(m -> m.machineId().equals(id)).findFirst()
                    .orElseThrow(() -> new IOException("leader " + id + " is no lab machine"));
        }

        interface Condition {
            boolean holds() throws Exception;
        }

        void await(Condition c, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (c.holds()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(250);
            }
            throw new IOException("not within " + timeout + (last == null ? "" : ": " + last));
        }

        @Override
        public void close() throws IOException {
            lab.runOrFail(List.of("down"));
        }
    }
}
