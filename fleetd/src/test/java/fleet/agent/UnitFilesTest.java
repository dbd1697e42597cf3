package fleet.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

class UnitFilesTest {
    static final UnitFile BODY = UnitFile.of(List.of(new UnitOption("Unit", "Description", "x"),
            new UnitOption("Service", "ExecStart", "/bin/sleep 1")));

    @TempDir
    Path root;

    UnitFiles files() {
        return new UnitFiles(root, Path.of("/run/fleet/units"));
    }

    @Test
    void writesUnderTheRootButNamesThePathSystemdSees() throws Exception {
        Path given = files().write("a.service", BODY);
        assertThat(given).isEqualTo(Path.of("/run/fleet/units/a.service"));
        Path onDisk = root.resolve("run/fleet/units/a.service");
        assertThat(Files.readString(onDisk, UTF_8)).isEqualTo(BODY.serialize());
        assertThat(Files.getPosixFilePermissions(onDisk)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.list(onDisk.getParent()).map(p -> p.getFileName().toString())).containsExactly("a.service");
    }

    @Test
    void listsFilesWithTheHashOfTheirParsedContent() throws Exception {
        files().write("a.service", BODY);
        // the same options written by hand with comments and other spacing: same hash
        Files.writeString(root.resolve("run/fleet/units/b.service"),
                "# by hand\n[Unit]\nDescription = x\n\n[Service]\nExecStart=/bin/sleep 1\n", UTF_8);
        assertThat(files().list()).containsEntry("a.service", BODY.hash()).containsEntry("b.service", BODY.hash());
    }

    @Test
    void rewritingReplacesTheFileAndDeletingRemovesIt() throws Exception {
        UnitFile other = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
        files().write("a.service", BODY);
        files().write("a.service", other);
        assertThat(files().list()).containsOnlyKeys("a.service").containsEntry("a.service", other.hash());
        files().delete("a.service");
        files().delete("a.service");
        assertThat(files().list()).isEmpty();
    }

    @Test
    void oneInstanceListingAgainSeesReplacedEditedAndDeletedFiles() throws Exception {
        UnitFiles files = files();
        UnitFile other = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
        files.write("a.service", BODY);
        assertThat(files.list()).containsEntry("a.service", BODY.hash());
        files.write("a.service", other);
        assertThat(files.list()).containsEntry("a.service", other.hash());
        // edited in place (same inode), as an operator might
        Files.writeString(root.resolve("run/fleet/units/a.service"), BODY.serialize(), UTF_8);
        assertThat(files.list()).containsEntry("a.service", BODY.hash());
        files.delete("a.service");
        assertThat(files.list()).isEmpty();
    }

    @Test
    void skipsNonUnitNamesAndHashesUnparseableFilesSoTheyAreReplaced() throws Exception {
        Path dir = Files.createDirectories(root.resolve("run/fleet/units"));
        Files.writeString(dir.resolve("notes.txt"), "hello", UTF_8);
        Files.writeString(dir.resolve("bad.service"), "[Unit\nDescription=x\n", UTF_8);
        assertThat(files().list()).containsOnlyKeys("bad.service");
        assertThat(files().list().get("bad.service")).isNotEqualTo(BODY.hash());
    }

    @Test
    void aMissingDirectoryIsEmptyAndBadNamesAreRefused() {
        assertThat(files().list()).isEmpty();
        assertThatThrownBy(() -> files().write("../etc/passwd", BODY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid unit name");
        assertThatThrownBy(() -> new UnitFiles(root, Path.of("relative"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
    }
}
