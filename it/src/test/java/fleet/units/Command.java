package fleet.units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program run to its end on this host, its stdout and stderr merged. */
public record Command(int exitCode, String output) {

    public static Command run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command + " did not end");
        }
        return new Command(p.exitValue(), out);
    }

    public static Command run(Path workDir, String... command) throws IOException, InterruptedException {
        return run(workDir, List.of(command));
    }

    /** Runs and returns the output, failing on a non-zero exit. */
    public static String ok(Path workDir, String... command) throws IOException, InterruptedException {
        Command c = run(workDir, command);
        if (c.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + c.exitCode() + ":\n" + c.output());
        }
        return c.output();
    }
}
