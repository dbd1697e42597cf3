package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fleetctl's name mangling of unit arguments (reference §1.2). */
class UnitArgumentsTest {
    @Test
    void pathsLoseTheirDirectoryAndGainServiceUnlessTheyHaveAKnownType() {
        assertThat(FleetctlSubcommand.unitNames(List.of("units/hello", "/abs/web.socket", "t.timer", "x.path",
                "d.device", "m.mount", "a.automount", "foo.target", "hello.service")))
                .containsExactly("hello.service", "web.socket", "t.timer", "x.path", "d.device", "m.mount",
                        "a.automount", "foo.target.service");
    }

    @Test
    void duplicatesAfterManglingCollapse() {
        assertThat(FleetctlSubcommand.unitNames(List.of("a", "dir/a.service", "a.service")))
                .containsExactly("a.service");
    }

    @Test
    void noArgumentsIsAnError() {
        assertThatThrownBy(() -> FleetctlSubcommand.unitNames(List.of())).hasMessage("No units given");
        assertThatThrownBy(() -> FleetctlSubcommand.unitNames(null)).hasMessage("No units given");
    }
}
