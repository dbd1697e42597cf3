package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fleet.cli.FakeFleetApi;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazy-create order of reference §1.3, decided against an in-memory API and a temp directory. */
class LazyCreateTest {
    private static final List<UnitOption> REGISTRY = List.of(new UnitOption("Service", "ExecStart", "/bin/registry"));
    private static final String LOCAL = "[Service]\nExecStart=/bin/local\n";

    @TempDir
    Path dir;
    private final FakeFleetApi api = new FakeFleetApi();

    private LazyCreate lazy(boolean replace, Set<DesiredState> replaceable) {
        return new LazyCreate(api, replace, replaceable);
    }

    private String arg(String file) {
        return dir.resolve(file).toString();
    }

    @Test
    void theRegistryComesFirstEvenWhenALocalFileExists() throws IOException {
        Files.writeString(dir.resolve("a.service"), "[Service]\nExecStart=/bin/registry\n");
        api.unit("a.service", REGISTRY, "loaded", "loaded", "m1");
        LazyCreate.Plan p = lazy(false, Set.of()).decide(arg("a.service"));
        assertThat(p.source()).isEqualTo(LazyCreate.Source.REGISTRY);
        assertThat(p.writes()).isFalse();
        assertThat(p.warning()).isNull();
    }

    @Test
    void aDifferentLocalFileOnlyWarnsWithoutReplace() throws IOException {
        Files.writeString(dir.resolve("a.service"), LOCAL);
        api.unit("a.service", REGISTRY, "inactive", "inactive", null);
        LazyCreate.Plan p = lazy(false, Set.of(DesiredState.INACTIVE)).decide(arg("a.service"));
        assertThat(p.writes()).isFalse();
        assertThat(p.warning()).isEqualTo("WARNING: Unit a.service in registry differs from local unit file "
                + dir.resolve("a.service") + ". Add --replace to override.");
    }

    @Test
    void replaceWritesOnlyInAnAllowedDesiredState() throws IOException {
        Files.writeString(dir.resolve("a.service"), LOCAL);
        api.unit("a.service", REGISTRY, "launched", "launched", "m1");
        LazyCreate.Plan refused = lazy(true, Set.of(DesiredState.INACTIVE)).decide(arg("a.service"));
        assertThat(refused.writes()).isFalse();
        assertThat(refused.warning()).contains("cannot replace Unit(a.service) in state 'launched'");

        LazyCreate start = lazy(true, EnumSet.allOf(DesiredState.class));
        LazyCreate.Plan p = start.decide(arg("a.service"));
        assertThat(p.replace()).isTrue();
        assertThat(start.apply(p)).isEqualTo("inactive");
        assertThat(api.writes).containsExactly("PUT a.service options=1");
    }

    @Test
    void aDirectoryNamedLikeAUnitIsSaidToBeADirectory() throws IOException {
        Files.createDirectory(dir.resolve("dir.service"));
        assertThatThrownBy(() -> lazy(false, Set.of()).decide(arg("dir.service"))).isInstanceOf(CliException.class)
                .hasMessageContaining("dir.service is a directory, not a unit file");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void aLocalFileIsCreatedInactive() throws IOException {
        Files.writeString(dir.resolve("web.service"), LOCAL);
        LazyCreate l = lazy(false, Set.of());
        LazyCreate.Plan p = l.decide(arg("web"));
        assertThat(p.name()).isEqualTo("web.service");
        assertThat(p.source()).isEqualTo(LazyCreate.Source.LOCAL_FILE);
        assertThat(p.options()).containsExactly(new UnitOption("Service", "ExecStart", "/bin/local"));
        l.apply(p);
        assertThat(api.writes).containsExactly("PUT web.service options=1 inactive");
    }

    @Test
    void anInstanceUsesTheRegistryTemplateBeforeTheLocalTemplate() throws IOException {
        Files.writeString(dir.resolve("web@.service"), LOCAL);
        api.unit("web@.service", REGISTRY, "inactive", null, null);
        LazyCreate.Plan p = lazy(false, Set.of()).decide(arg("web@1.service"));
        assertThat(p.source()).isEqualTo(LazyCreate.Source.REGISTRY_TEMPLATE);
        assertThat(p.name()).isEqualTo("web@1.service");
        assertThat(p.options()).isEqualTo(REGISTRY);
    }

    @Test
    void anInstanceFallsBackToTheTemplateNextToTheArgument() throws IOException {
        Files.writeString(dir.resolve("web@.service"), LOCAL);
        LazyCreate.Plan p = lazy(false, Set.of()).decide(arg("web@2"));
        assertThat(p.source()).isEqualTo(LazyCreate.Source.LOCAL_TEMPLATE);
        assertThat(p.name()).isEqualTo("web@2.service");
        assertThat(p.options()).containsExactly(new UnitOption("Service", "ExecStart", "/bin/local"));
    }

    @Test
    void nothingFoundIsAnErrorNamingTheUnit() {
        assertThatThrownBy(() -> lazy(false, Set.of()).decide(arg("nope.service")))
                .isInstanceOf(CliException.class)
                .hasMessage("unable to find Unit(nope.service) in Registry or on filesystem");
        assertThatThrownBy(() -> lazy(false, Set.of()).decide(arg("web@3.service")))
                .hasMessageContaining("unable to find Unit(web@3.service) or its template Unit(web@.service)");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void badNamesAndBadFilesAreErrorsBeforeAnyWrite() throws IOException {
        assertThatThrownBy(() -> lazy(false, Set.of()).decide("bad name.service"))
                .hasMessageContaining("invalid unit name");
        Files.writeString(dir.resolve("broken.service"), "ExecStart=/bin/x\n");
        assertThatThrownBy(() -> lazy(false, Set.of()).decide(arg("broken.service")))
                .hasMessageContaining("broken.service").hasMessageContaining("line 1");
        Files.writeString(dir.resolve("empty.service"), "# nothing\n");
        assertThatThrownBy(() -> lazy(false, Set.of()).decide(arg("empty.service"))).hasMessageContaining("no options");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void theLocalPathGetsTheServiceSuffixWhenTheArgumentHasNoType() {
        assertThat(LazyCreate.localPath("units/web", "web.service")).isEqualTo(Path.of("units/web.service"));
        assertThat(LazyCreate.localPath("units/web.socket", "web.socket")).isEqualTo(Path.of("units/web.socket"));
        assertThat(LazyCreate.localPath("foo.target", "foo.target.service"))
                .isEqualTo(Path.of("foo.target.service"));
    }
}
