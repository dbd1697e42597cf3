package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fleet.registry.UnitStateRecord;

class CurrentStateTest {
    @ParameterizedTest(name = "global={0} target={1} stateFrom={2} active={3} agent={4} -> {5}")
    @CsvSource(nullValues = "-", value = {
        "false, -,  -,  -,          -,        inactive",
        "false, m1, -,  -,          -,        inactive",
        "false, m1, m2, active,     launched, inactive",
        "false, m1, m1, inactive,   loaded,   loaded",
        "false, m1, m1, active,     launched, launched",
        "false, m1, m1, active,     loaded,   loaded",
        "false, m1, m1, active,     -,        launched",
        "false, m1, m1, activating, -,        launched",
        "false, m1, m1, reloading,  -,        launched",
        "false, m1, m1, failed,     -,        loaded",
        "false, m1, m1, inactive,   -,        loaded",
        "true,  -,  m1, active,     launched, -",
    })
    void derivedFromPlacementAndTheTargetsState(boolean global, String target, String stateFrom, String active,
            String agent, String expected) {
        List<UnitStateRecord> states = stateFrom == null ? List.of()
                : List.of(new UnitStateRecord("a.service", null, stateFrom, "loaded", active, "x", agent));
        assertThat(CurrentState.of(global, target, states)).isEqualTo(expected);
    }
}
