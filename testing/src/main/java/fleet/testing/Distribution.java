package fleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code dist/build --no-maven} makes from the jars of the running build: the tarball and the
 * Debian package. It runs at most once per JVM (one failsafe run): every test that needs either
 * gets the same files.
 */
public final class Distribution {
    private static Artifacts built;

    private Distribution() {}

    /** @param tarball fleet-VERSION.tar.gz  @param debPackage fleet_VERSION_ARCH.deb */
    public record Artifacts(Path tarball, Path debPackage) {}

    /** Builds on the first call, then returns what that call built. */
    public static synchronized Artifacts build(Path repo) throws IOException {
        if (built == null) {
            run(repo);
            built = new Artifacts(newest(repo, "fleet-.*\\.tar\\.gz"), newest(repo, "fleet_.*\\.deb"));
        }
        return built;
    }

    /** {@link #build} for the repository this test runs in. */
    public static Artifacts build() throws IOException {
        return build(FleetLab.findRepoRoot());
    }

    private static void run(Path repo) throws IOException {
        Process p = new ProcessBuilder(repo.resolve("dist/build").toString(), "--no-maven").directory(repo.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TestEnv.scaled(Duration.ofMinutes(5)).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("dist/build did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during dist/build", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("dist/build failed (exit " + p.exitValue() + "):\n" + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** The file of target/ dist/build just wrote: the newest whose name matches. */
    private static Path newest(Path repo, String name) throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches(name))
                    .max(Comparator.comparing(Distribution::modified))
                    .orElseThrow(() -> new IOException("dist/build made no target/" + name));
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
