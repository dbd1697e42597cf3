package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client (HTTP over a unix socket, one connection per request) has 16 requests open at once
 * for {@code start --no-block} of many units: the API answers nothing until 16 connections are open.
 */
class ConcurrentRequestsTest {
    @TempDir
    Path dir;

    @Test
    void startOfManyUnitsOverAUnixSocketKeepsSixteenRequestsOpen() throws IOException {
        List<String> args = new ArrayList<>(List.of("--endpoint", "unix://" + dir.resolve("fleet.sock"),
                "--request-timeout", "60", "start", "--no-block"));
        StringBuilder expected = new StringBuilder();
        StringBuilder triggered = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            Path file = dir.resolve("u" + i + ".service");
            Files.writeString(file, "[Service]\nExecStart=/bin/sleep 1d\n");
            args.add(file.toString());
            expected.append("Unit u").append(i).append(".service inactive\n");
            triggered.append("Triggered unit u").append(i).append(".service start\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SlowUnixApi api = new SlowUnixApi(dir.resolve("fleet.sock"), 0, 16)) {
            Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false, g -> ApiFactory.http(g, System.err));
            int code = Main.run(args.toArray(String[]::new), Map.of(), session);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(code).isZero();
            assertThat(api.maxOpen).hasValue(16);
            // the batch route first: this stand-in lacks it, so each unit is PUT twice after its GET
            assertThat(api.requests).hasValue(1 + 3 * 40);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + triggered.toString());
    }
}
