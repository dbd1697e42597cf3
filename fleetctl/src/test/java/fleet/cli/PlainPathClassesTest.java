package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fleetctl process running a list command with plain arguments never loads a picocli class (that
 * is what saves its cold start); one that needs picocli, e.g. for help, does. Real processes, since
 * this test's own JVM has long loaded picocli.
 */
class PlainPathClassesTest {
    @Test
    void listUnitsLoadsNoPicocliClass() throws Exception {
        String endpoint = TrainingServer.start();
        Child run = fleetctl("--endpoint", endpoint, "list-units", "--no-legend");
        assertThat(run.output()).contains("a.service\tm1.../10.0.0.1\tactive\trunning");
        assertThat(run.code()).isZero();
        assertThat(run.output()).doesNotContain(" picocli.");
    }

    @Test
    void helpStillLoadsPicocli() throws Exception {
        Child run = fleetctl("list-units", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.output()).contains(" picocli.CommandLine ");
    }

    private record Child(int code, String output) {}

    /** Runs fleet.cli.Main in a new JVM, logging each class it loads into the output. */
    private static Child fleetctl(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xshare:off", "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Child(p.waitFor(), output);
    }
}
