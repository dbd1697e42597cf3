package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.command.GlobalOptions;
import fleet.cli.command.PlainArgs;
import fleet.cli.command.Session;
import fleet.schema.MachineEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.UnitOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The commands {@link PlainArgs} runs without picocli behave exactly as through picocli: the same
 * output, errors, exit code and global flags for the same arguments and environment.
 */
class PlainArgsEquivalenceTest {
    private static final String M1 = "113f16a7e1a94e3fa6aafa3b8c1f2d8e";
    private static final List<String> COMMANDS = List.of("list-units", "list-machines", "list-unit-files");
    /** Flags each list command takes, in every spelling users write, and some it must refuse. */
    private static final List<List<String>> LIST_FLAGS = List.of(List.of(), List.of("--full"), List.of("-l"),
            List.of("--l"), List.of("--no-legend"), List.of("-o", "json"), List.of("--output=json"),
            List.of("--output", "table"), List.of("--fields", "unit"), List.of("--fields=machine,ip"),
            List.of("--fields", "bogus"), List.of("--no-legend", "--full", "-o", "table"),
            List.of("--full", "--full"), List.of("-o", "JSON"), List.of("-o"), List.of("--fields"),
            List.of("-h"), List.of("--bogus"), List.of("extra"), List.of("--"), List.of("-lo", "json"),
            List.of("--full=true"), List.of("-o=json"), List.of("--fields", "--full"), List.of("@nofile"));
    /** Global flags, valid before or after the command. */
    private static final List<List<String>> GLOBAL_FLAGS = List.of(List.of(), List.of("--endpoint", "http://h:1"),
            List.of("--endpoint=http://h:2"), List.of("--request-timeout", "5"), List.of("--request-timeout=abc"),
            List.of("--debug"), List.of("--debug", "--debug"), List.of("--ca-file", "/tmp/ca.pem"),
            List.of("--cert-file=/c", "--key-file", "/k"), List.of("--ssh-username", "me", "--ssh-timeout", "2"),
            List.of("--known-hosts-file", "/kh"), List.of("--strict-host-key-checking"),
            List.of("--strict-host-key-checking=false"), List.of("--endpoint"), List.of("--version"), List.of("-v"),
            List.of("--debug=true"), List.of("--request-timeout", "-1"), List.of("--tunnel", "core@h:2222"));
    private static final List<Map<String, String>> ENVIRONMENTS = List.of(Map.of(),
            Map.of("FLEETCTL_ENDPOINT", "http://env:1", "FLEETCTL_REQUEST_TIMEOUT", "7.5"),
            Map.of("FLEETCTL_ENDPOINT", "", "FLEETCTL_CA_FILE", "/tmp/ca"), Map.of("FLEETCTL_REQUEST_TIMEOUT", "soon"),
            Map.of("FLEETCTL_DEBUG", "TRUE", "FLEETCTL_STRICT_HOST_KEY_CHECKING", "false"),
            Map.of("FLEETCTL_DEBUG", "yes"), Map.of("FLEETCTL_SSH_TIMEOUT", "x"),
            Map.of("FLEETCTL_NO_LEGEND", "true", "FLEETCTL_KNOWN_HOSTS_FILE", "/k"), Map.of("FLEETCTL_TUNNEL", "h"));

    @Test
    void listCommandsBehaveAlikeForEveryFlagSpellingAndPosition() {
        int plain = 0;
        for (String command : COMMANDS) {
            for (List<String> local : LIST_FLAGS) {
                for (List<String> global : List.of(List.<String>of(), List.of("--debug", "--endpoint", "http://h:1"))) {
                    plain += compare(Map.of(), concat(global, List.of(command), local));
                    plain += compare(Map.of(), concat(List.of(command), local, global));
                }
            }
            for (List<String> global : GLOBAL_FLAGS) {
                for (List<String> local : List.of(List.<String>of(), List.of("--full"))) {
                    plain += compare(Map.of(), concat(global, List.of(command), local));
                    plain += compare(Map.of(), concat(List.of(command), local, global));
                }
            }
        }
        assertThat(plain).as("runs that took the plain path").isGreaterThan(150);
    }

    @Test
    void globalFlagsComeFromTheEnvironmentAlike() {
        int plain = 0;
        for (Map<String, String> env : ENVIRONMENTS) {
            for (List<String> global : GLOBAL_FLAGS) {
                plain += compare(env, concat(global, List.of("list-units")));
                plain += compare(env, concat(List.of("list-machines", "--no-legend"), global));
            }
        }
        assertThat(plain).as("runs that took the plain path").isGreaterThan(50);
    }

    @Test
    void catBehavesAlike() {
        int plain = 0;
        for (List<String> args : List.of(List.of("cat", "hello.service"), List.of("cat", "hello"),
                List.of("cat"), List.of("cat", "a.service", "b.service"), List.of("cat", "missing.service"),
                List.of("--debug", "cat", "hello.service", "--endpoint", "http://h:1"), List.of("cat", "list-units"),
                List.of("cat", "--full", "hello.service"), List.of("cat", "-h"), List.of("cat", "hello@1.service"),
                List.of("ca", "hello.service"))) {
            plain += compare(Map.of(), args);
        }
        assertThat(plain).isGreaterThanOrEqualTo(7);
    }

    @Test
    void failuresOfTheApiAreReportedAlike() {
        for (List<String> args : List.of(List.of("list-units"), List.of("list-unit-files", "-l"),
                List.of("cat", "hello.service"))) {
            assertThat(PlainArgs.command(args.toArray(String[]::new), Map.of(), Main.session(null, null, g -> null)))
                    .isPresent();
            compareOn(() -> failing(new FleetApiException(503, "fleetd is busy")), Map.of(), args);
            compareOn(() -> failing(new IllegalArgumentException("no such thing")), Map.of(), args);
        }
    }

    @Test
    void aFailedMachineListingIsReportedAsItsOwn() {
        FleetApi cluster = cluster();
        FleetApi machinesDown = (FleetApi) Proxy.newProxyInstance(FleetApi.class.getClassLoader(),
                new Class<?>[] {FleetApi.class}, (proxy, method, methodArgs) -> {
                    if (method.getName().equals("listMachines")) {
                        throw new FleetApiException(503, "machines unknown");
                    }
                    return method.invoke(cluster, methodArgs);
                });
        Run run = new Run(machinesDown);
        assertThat(Main.run(new String[] {"list-units"}, Map.of(), run.session)).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: machines unknown\n");
        assertThat(run.out()).isEmpty();
        compareOn(() -> machinesDown, Map.of(), List.of("list-units"));
    }

    @Test
    void anUnexpectedFailureEndsWithItsStackTraceAndExitCode1Alike() {
        String[] args = {"list-units"};
        Run viaPicocli = new Run(failing(new IllegalStateException("a bug")));
        int picocliCode = FullCommandLine.run(args, Map.of(), viaPicocli.session);
        Run viaMain = new Run(failing(new IllegalStateException("a bug")));
        int mainCode = Main.run(args, Map.of(), viaMain.session);
        assertThat(mainCode).isEqualTo(picocliCode).isEqualTo(1);
        assertThat(viaMain.err().lines().findFirst()).isEqualTo(viaPicocli.err().lines().findFirst())
                .contains("java.lang.IllegalStateException: a bug");
    }

    @Test
    void theCommonRunsTakeThePlainPath() {
        for (List<String> args : List.of(List.of("list-units"), List.of("--endpoint", "http://h:1", "list-units"),
                List.of("list-unit-files", "--full", "--endpoint=unix:///s"), List.of("list-machines", "-l"),
                List.of("list-units", "--no-legend", "--fields", "unit,active", "-o", "json", "--debug"))) {
            assertThat(PlainArgs.command(args.toArray(String[]::new), Map.of(), Main.session(null, null, g -> null)))
                    .as(String.join(" ", args)).isPresent();
        }
    }

    /** Runs both paths; 1 when the plain one took the arguments, 0 when it left them to picocli. */
    private static int compare(Map<String, String> env, List<String> args) {
        return compareOn(PlainArgsEquivalenceTest::cluster, env, args);
    }

    private static int compareOn(Supplier<FleetApi> api, Map<String, String> env, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        Run viaPicocli = new Run(api.get());
        int picocliCode = FullCommandLine.run(argv.clone(), env, viaPicocli.session);
        Run viaMain = new Run(api.get());
        int mainCode = Main.run(argv.clone(), env, viaMain.session);
        String what = String.join(" ", args) + " with " + env;
        assertThat(viaMain.err()).as("stderr of " + what).isEqualTo(viaPicocli.err());
        assertThat(viaMain.out()).as("stdout of " + what).isEqualTo(viaPicocli.out());
        assertThat(mainCode).as("exit code of " + what).isEqualTo(picocliCode);
        assertThat(viaMain.globals()).as("global flags of " + what).isEqualTo(viaPicocli.globals());
        return PlainArgs.command(argv.clone(), env, new Run(api.get()).session).isPresent() ? 1 : 0;
    }

    private static FleetApi cluster() {
        FakeFleetApi api = new FakeFleetApi();
        api.machines.add(new MachineEntity(M1, "172.17.8.103", Map.of("region", "us-west")));
        List<UnitOption> hello = List.of(new UnitOption("Unit", "Description", "Hello"),
                new UnitOption("Service", "ExecStart", "/bin/sleep 1d"));
        api.unit("hello.service", hello, "launched", "launched", M1);
        api.unit("hello@1.service", hello, "inactive", "inactive", null);
        api.states.add(new UnitStateEntity("hello.service", "e55c0ae1234567890", M1, "loaded", "active", "running",
                null));
        return api;
    }

    private static FleetApi failing(RuntimeException failure) {
        return (FleetApi) Proxy.newProxyInstance(FleetApi.class.getClassLoader(), new Class<?>[] {FleetApi.class},
                (proxy, method, methodArgs) -> {
                    throw failure;
                });
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** One run's streams and the global flags its API was made with (null when none was made). */
    private static final class Run {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Session session;
        private GlobalOptions seen;

        Run(FleetApi api) {
            session = Main.session(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), g -> {
                        seen = g;
                        return api;
                    });
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        String globals() {
            GlobalOptions g = seen;
            return g == null ? "no API made" : String.join(" | ", g.endpoint, String.valueOf(g.requestTimeout),
                    String.valueOf(g.caFile), String.valueOf(g.certFile), String.valueOf(g.keyFile),
                    String.valueOf(g.debug), g.sshUsername, String.valueOf(g.sshTimeout),
                    String.valueOf(g.strictHostKeyChecking), g.knownHostsFile, String.valueOf(g.tunnel));
        }
    }
}
