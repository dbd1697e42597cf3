package fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineIdentityTest {
    @TempDir
    Path dir;

    @Test
    void readsThirtyTwoHexDigitsIgnoringTheNewline() throws IOException {
        Path f = Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
        assertThat(MachineIdentity.read(f).machineId()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void rejectsUpperCaseShortAndEmptyIds() throws IOException {
        for (String bad : new String[] {"0123456789ABCDEF0123456789ABCDEF", "abc", "", "0123456789abcdef0123456789abcdeg"}) {
            Path f = Files.writeString(dir.resolve("machine-id"), bad);
            assertThatThrownBy(() -> MachineIdentity.read(f)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid machine ID in " + f).hasMessageContaining("32 lower-case hex digits");
        }
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> MachineIdentity.read(dir.resolve("none")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the machine ID from");
    }
}
