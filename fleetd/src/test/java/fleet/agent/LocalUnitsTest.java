package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fleet.systemd.UnitState;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitOption;

class LocalUnitsTest {
    static final UnitHash HASH = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"))).hash();

    @ParameterizedTest(name = "{0}/{1}, started by the agent: {2} -> {3}")
    @CsvSource({
            "active, running, false, LAUNCHED",
            "activating, start, false, LAUNCHED",
            "reloading, reload, false, LAUNCHED",
            "inactive, dead, false, LOADED",
            "failed, failed, false, LOADED",
            "deactivating, stop, false, LOADED",
            "inactive, dead, true, LAUNCHED",
            "failed, failed, true, LAUNCHED"})
    void launchedWhenSystemdRunsItOrTheAgentStartedIt(String active, String sub, boolean startedByAgent,
            DesiredState expected) {
        Map<String, LocalUnit> local = LocalUnits.of(Map.of("a.service", HASH),
                Map.of("a.service", new UnitState("loaded", active, sub)),
                startedByAgent ? Set.of("a.service") : Set.of());
        assertThat(local).containsExactlyEntriesOf(Map.of("a.service", new LocalUnit("a.service", HASH, expected)));
    }

    @ParameterizedTest(name = "a file systemd does not report: {0}")
    @CsvSource({"false, LOADED", "true, LAUNCHED"})
    void aFileWithoutStateIsLoaded(boolean startedByAgent, DesiredState expected) {
        Map<String, LocalUnit> local = LocalUnits.of(Map.of("a.service", HASH), Map.of(),
                startedByAgent ? Set.of("a.service") : Set.of());
        assertThat(local.get("a.service").state()).isEqualTo(expected);
    }
}
