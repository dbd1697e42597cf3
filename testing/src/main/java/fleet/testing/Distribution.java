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

/** Runs {@code dist/build --no-maven} (the jars come from the running build) and finds its tarball. */
final class Distribution {
    private Distribution() {}

    static Path build(Path repo) throws IOException {
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
        try (Stream<Path> files = Files.list(repo.resolve("target"))) {
            // the one dist/build just wrote: the newest
            return files.filter(f -> f.getFileName().toString().matches("fleet-.*\\.tar\\.gz"))
                    .max(Comparator.comparing(Distribution::modified))
                    .orElseThrow(() -> new IOException("dist/build made no target/fleet-*.tar.gz"));
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
