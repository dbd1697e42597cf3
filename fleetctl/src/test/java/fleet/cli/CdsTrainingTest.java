package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run of bin/fleetctl's CDS archive loads what real runs load: a class it misses is
 * read from its jar by every cold fleetctl (it once missed the whole unix-socket path, the default).
 */
class CdsTrainingTest {
    @Test
    void theClassListHoldsWhatBothKindsOfConnectionLoad(@TempDir Path dir) throws Exception {
        Path classList = dir.resolve("classlist");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-XX:DumpLoadedClassList=" + classList, "-cp",
                System.getProperty("java.class.path"), CdsTraining.class.getName()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("out"))).isZero();
        // the JDK's classes only: the list leaves out classes read from directories, as this test's own are
        List<String> classes = Files.readAllLines(classList).stream().map(l -> l.split(" ")[0]).toList();
        assertThat(classes).as("unix socket").contains("sun/nio/ch/UnixDomainSockets", "sun/nio/ch/SocketChannelImpl");
        assertThat(classes).as("TCP").contains("sun/nio/ch/NioSocketImpl");
    }
}
