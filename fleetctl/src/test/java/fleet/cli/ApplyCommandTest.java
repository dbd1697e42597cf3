package fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.schema.UnitOptionEntity;
import fleet.unit.UnitOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff and apply as commands, in-process against the in-memory API: the requests sent, output and
 * exit codes. Rollouts wait on systemd, so they are run in the lab (ApplyLabIT).
 */
class ApplyCommandTest {
    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private CliRunner.Result run(String... args) {
        return cli.run(args);
    }

    @Test
    void applyCreatesMarksAndIsIdempotent() throws IOException {
        write("a.service", "[Service]\nExecStart=/bin/a\n");
        write("b.service", "[Service]\nExecStart=/bin/b\n[X-Fleet]\nDesiredState=loaded\n");
        CliRunner.Result diff = run("diff", dir.toString());
        assertThat(diff.code()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("""
                + a.service: create, launched (not in the cluster)
                + b.service: create, loaded (not in the cluster)
                Plan: 2 to create, 0 to replace, 0 to change state, 0 to destroy; 0 unchanged.
                """);
        assertThat(cli.api.writes).isEmpty();

        CliRunner.Result applied = run("apply", dir.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).isEqualTo("Created a.service (launched)\nCreated b.service (loaded)\n"
                + "Applied: 2 created, 0 replaced, 0 state change(s), 0 destroyed; 0 unchanged.\n");
        assertThat(cli.api.writes).containsExactlyInAnyOrder("PUT a.service options=2 launched",
                "PUT b.service options=2 loaded");
        assertThat(cli.api.units.get("b.service").options()).containsExactly(
                new UnitOptionEntity("Service", "ExecStart", "/bin/b"),
                new UnitOptionEntity("X-Fleet", "ApplySet", "default"));

        cli.api.writes.clear();
        CliRunner.Result again = run("apply", dir.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo("No changes: 2 unit(s) match the tree.\n");
        assertThat(cli.api.writes).isEmpty();
        CliRunner.Result noDiff = run("diff", dir.toString());
        assertThat(noDiff.code()).isZero();
        assertThat(noDiff.out()).isEqualTo("No changes: 2 unit(s) match the tree.\n");
    }

    @Test
    void aChangedBodyIsShownAsAUnifiedDiffAndReplacedThroughInactive() throws IOException {
        cli.api.unit("a.service", List.of(new UnitOption("Service", "ExecStart", "/bin/old"),
                new UnitOption("X-Fleet", "ApplySet", "default")), "launched", "launched", "m1");
        write("a.service", "[Service]\nExecStart=/bin/new\n");
        Path file = dir.resolve("a.service");
        CliRunner.Result diff = run("diff", dir.toString());
        assertThat(diff.code()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("~ a.service: replace, launched (body differs from " + file + ")\n"
                + "--- a.service (cluster)\n+++ a.service (" + file + ")\n@@ -1,2 +1,2 @@\n [Service]\n"
                + "-ExecStart=/bin/old\n+ExecStart=/bin/new\n"
                + "Plan: 0 to create, 1 to replace, 0 to change state, 0 to destroy; 0 unchanged.\n");

        CliRunner.Result dry = run("apply", "--dry-run", dir.toString());
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).isEqualTo(diff.out());
        assertThat(cli.api.writes).isEmpty();

        assertThat(run("apply", dir.toString()).code()).isZero();
        assertThat(cli.api.writes).containsExactly("PUT a.service options=2", "PUT a.service launched");
    }

    @Test
    void aBodyChangeSharedByInstancesIsShownOnce() throws IOException {
        List<UnitOption> old = List.of(new UnitOption("Service", "ExecStart", "/bin/web v1"));
        cli.api.unit("web@1.service", old, "launched", "launched", "m1");
        cli.api.unit("web@2.service", old, "launched", "launched", "m2");
        write("web@.service", "[Service]\nExecStart=/bin/web v2\n");
        Files.createSymbolicLink(dir.resolve("web@1.service"), Path.of("web@.service"));
        Files.createSymbolicLink(dir.resolve("web@2.service"), Path.of("web@.service"));
        CliRunner.Result diff = run("diff", dir.toString());
        assertThat(diff.code()).isEqualTo(1);
        assertThat(diff.out().lines().filter(l -> l.startsWith("+ExecStart") || l.startsWith("  (the same")))
                .containsExactly("+ExecStart=/bin/web v2", "  (the same change as web@1.service)");
    }

    @Test
    void pruneDestroysOnlyWhatThisSetCreated() throws IOException {
        write("keep.service", "[Service]\nExecStart=/bin/keep\n");
        write("gone.service", "[Service]\nExecStart=/bin/gone\n");
        assertThat(run("apply", dir.toString()).code()).isZero();
        cli.api.unit("by-hand.service", List.of(new UnitOption("Service", "ExecStart", "/bin/x")), "launched",
                "launched", "m1");
        assertThat(run("apply", "--set", "other", dir.resolve("gone.service").toString()).code()).isZero();
        Files.delete(dir.resolve("gone.service"));
        cli.api.writes.clear();

        CliRunner.Result diff = run("diff", "--prune", dir.toString());
        assertThat(diff.code()).isEqualTo(1);
        assertThat(diff.out()).startsWith("- gone.service: destroy (created by apply (set default) and no longer in "
                + "the tree)\n");
        CliRunner.Result pruned = run("apply", "--prune", dir.toString());
        assertThat(pruned.code()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("Destroyed gone.service");
        assertThat(cli.api.writes).containsExactly("DELETE gone.service");
        assertThat(cli.api.units).containsKeys("keep.service", "by-hand.service").doesNotContainKey("gone.service");
        assertThat(run("diff", "--prune", dir.toString()).code()).isZero();
    }

    @Test
    void diffExitsTwoOnTroubleAndApplyOne() {
        CliRunner.Result diff = run("diff", dir.resolve("missing").toString());
        assertThat(diff.code()).isEqualTo(2);
        assertThat(diff.err()).isEqualTo("Error: " + dir.resolve("missing") + ": no such file or directory\n");
        assertThat(run("diff").code()).isEqualTo(2);
        CliRunner.Result apply = run("apply", dir.resolve("missing").toString());
        assertThat(apply.code()).isEqualTo(1);
        assertThat(run("apply", "--max-parallel", "0", dir.toString()).code()).isEqualTo(1);
        assertThat(cli.api.writes).isEmpty();
    }
}
