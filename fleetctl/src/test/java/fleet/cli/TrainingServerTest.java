package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDS training run's stand-in API answers fleetctl's real HTTP client as fleetd would. */
class TrainingServerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Main.run(args, Map.of(), new Session(o, e, false, g -> ApiFactory.http(g, e)));
    }

    @Test
    void listsItsUnitAndStartsANewOneUntilActive(@TempDir Path dir) throws Exception {
        String endpoint = TrainingServer.start();
        assertThat(run("--endpoint", endpoint, "list-units")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("a.service\tm1.../10.0.0.1\tactive\trunning");
        out.reset();
        Path file = Files.writeString(dir.resolve("b.service"), "[Service]\nExecStart=/bin/true\n");
        assertThat(run("--endpoint", endpoint, "start", file.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Unit b.service inactive\nUnit b.service launched on m1.../10.0.0.1\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void answersOnAUnixSocketToo(@TempDir Path dir) throws Exception {
        String endpoint = TrainingServer.startUnix(dir.resolve("fleet.sock"));
        assertThat(endpoint).startsWith("unix:///");
        assertThat(run("--endpoint", endpoint, "list-machines", "--no-legend")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("m1...\t10.0.0.1\ta=b\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
