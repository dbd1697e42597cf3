package fleet.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a tree of unit files as kept in git, from a temp directory. */
class UnitTreeTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void aDirectoryGivesItsUnitFilesAndSymlinkedInstancesAndSkipsTheRest() throws IOException {
        write("web@.service", "[Service]\nExecStart=/bin/web %i\n");
        Files.createSymbolicLink(dir.resolve("web@1.service"), Path.of("web@.service"));
        write("db/db.service", "[Service]\nExecStart=/bin/db\n[X-Fleet]\nDesiredState=loaded\n");
        write("README.md", "not a unit");
        write(".git/config.service", "[Service]\nExecStart=/bin/hidden\n");
        List<LocalUnit> units = UnitTree.read(List.of(dir));
        assertThat(units).extracting(LocalUnit::name)
                .containsExactly("db.service", "web@.service", "web@1.service");
        LocalUnit db = units.get(0);
        assertThat(db.desired()).isEqualTo(DesiredState.LOADED);
        assertThat(db.body().options()).as("DesiredState is local only")
                .containsExactly(new UnitOption("Service", "ExecStart", "/bin/db"));
        assertThat(units.get(1).desired()).as("a template").isEqualTo(DesiredState.INACTIVE);
        LocalUnit instance = units.get(2);
        assertThat(instance.desired()).isEqualTo(DesiredState.LAUNCHED);
        assertThat(instance.body()).isEqualTo(units.get(1).body());
        assertThat(instance.source()).isEqualTo(dir.resolve("web@1.service"));
        assertThat(instance.template()).isEqualTo("web@.service");
    }

    @Test
    void aFileAndTheDirectoryHoldingItAreOneUnit() throws IOException {
        Path a = write("a.service", "[Service]\nExecStart=/bin/a\n");
        assertThat(UnitTree.read(List.of(dir, a))).extracting(LocalUnit::name).containsExactly("a.service");
    }

    @Test
    void oneNameFromTwoFilesIsRefused() throws IOException {
        write("one/a.service", "[Service]\nExecStart=/bin/a\n");
        write("two/a.service", "[Service]\nExecStart=/bin/b\n");
        assertThatThrownBy(() -> UnitTree.read(List.of(dir))).isInstanceOf(ApplyException.class)
                .hasMessageStartingWith("unit a.service is declared twice");
    }

    @Test
    void problemsNameTheFile() throws IOException {
        Path bad = write("bad.service", "[Service]\nExecStart=/bin/a\n[X-Fleet]\nDesiredState=running\n");
        assertThatThrownBy(() -> UnitTree.read(List.of(bad))).isInstanceOf(ApplyException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("running");
        Path notUnit = write("notes.txt", "x");
        assertThatThrownBy(() -> UnitTree.read(List.of(notUnit))).hasMessageContaining("is not named like a unit");
        assertThatThrownBy(() -> UnitTree.read(List.of(dir.resolve("missing"))))
                .hasMessageContaining("no such file or directory");
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("web@1.service"), Path.of("web@.service"));
        assertThatThrownBy(() -> UnitTree.read(List.of(links))).as("an instance whose template is missing")
                .hasMessageStartingWith("cannot read unit file " + links.resolve("web@1.service"));
        Path empty = write("empty/e.service", "# nothing\n");
        assertThatThrownBy(() -> UnitTree.read(List.of(empty))).hasMessageContaining("has no options");
    }
}
