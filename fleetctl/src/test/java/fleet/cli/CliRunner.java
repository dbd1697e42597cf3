package fleet.cli;

import fleet.cli.command.GlobalOptions;
import fleet.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs fleetctl in-process against a {@link FakeFleetApi}, capturing its output and the global flags. */
public final class CliRunner {
    public final FakeFleetApi api = new FakeFleetApi();
    public GlobalOptions globals;

    public record Result(int code, String out, String err) {
    }

    public Result run(String... args) {
        return run(Map.of(), args);
    }

    public Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Session session = Main.session(o, e, g -> {
            globals = g;
            return api;
        });
        int code = Main.run(args, env, session);
        globals = session.globals();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
