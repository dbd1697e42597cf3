package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

class AgentReconcilerTest {
    static final UnitFile V1 = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1000")));
    static final UnitFile V2 = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 2000")));

    static DesiredUnit want(String name, UnitFile body, DesiredState s) {
        return new DesiredUnit(name, body, s);
    }

    static LocalUnit have(String name, UnitFile body, DesiredState s) {
        return new LocalUnit(name, body.hash(), s);
    }

    static Arguments row(String title, List<DesiredUnit> desired, List<LocalUnit> local, List<String> expected) {
        return Arguments.of(title, desired, local, expected);
    }

    static Stream<Arguments> table() {
        DesiredState L = DesiredState.LAUNCHED;
        DesiredState LD = DesiredState.LOADED;
        return Stream.of(
                row("nothing to do on an empty host", List.of(), List.of(), List.of()),
                row("new launched unit: load, reload, start",
                        List.of(want("a.service", V1, L)), List.of(),
                        List.of("Load(a.service)", "Reload", "Start(a.service)")),
                row("new loaded unit: load and reload only",
                        List.of(want("a.service", V1, LD)), List.of(),
                        List.of("Load(a.service)", "Reload")),
                row("running with the same hash is adopted: no task",
                        List.of(want("a.service", V1, L)), List.of(have("a.service", V1, L)), List.of()),
                row("not scheduled here any more: unload, reload",
                        List.of(), List.of(have("a.service", V1, L)),
                        List.of("Unload(a.service)", "Reload")),
                row("hash changed: unload, load, reload, start",
                        List.of(want("a.service", V2, L)), List.of(have("a.service", V1, L)),
                        List.of("Unload(a.service)", "Load(a.service)", "Reload", "Start(a.service)")),
                row("launched to loaded: stop",
                        List.of(want("a.service", V1, LD)), List.of(have("a.service", V1, L)),
                        List.of("Stop(a.service)")),
                row("loaded to launched: start without reload",
                        List.of(want("a.service", V1, L)), List.of(have("a.service", V1, LD)),
                        List.of("Start(a.service)")),
                row("fleet's order across units: unloads, loads, one reload, stops, starts",
                        List.of(want("b.service", V1, L), want("c.service", V1, LD), want("d.service", V2, L)),
                        List.of(have("a.service", V1, L), have("c.service", V1, L), have("d.service", V1, LD)),
                        List.of("Unload(a.service)", "Unload(d.service)", "Load(b.service)", "Load(d.service)",
                                "Reload", "Stop(c.service)", "Start(b.service)", "Start(d.service)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plans(String title, List<DesiredUnit> desired, List<LocalUnit> local, List<String> expected) {
        Map<String, DesiredUnit> d = new TreeMap<>();
        desired.forEach(u -> d.put(u.name(), u));
        List<AgentTask> plan = AgentReconciler.plan(d, byName(local), false);
        assertThat(TaskLabels.of(plan)).containsExactlyElementsOf(expected);
        assertThat(plan).allSatisfy(t -> assertThat(t.reason()).isNotBlank());
    }

    @org.junit.jupiter.api.Test
    void onASystemdThatLoadsNewUnitsOnDemandOnlyChangedFilesAndInstallSectionsReload() {
        UnitFile withInstall = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("Install", "WantedBy", "multi-user.target")));
        Map<String, DesiredUnit> fresh = new TreeMap<>(Map.of("a.service", want("a.service", V1, DesiredState.LAUNCHED)));
        assertThat(TaskLabels.of(AgentReconciler.plan(fresh, Map.of(), true)))
                .containsExactly("Load(a.service)", "Start(a.service)");
        assertThat(TaskLabels.of(AgentReconciler.plan(fresh, Map.of(), false)))
                .containsExactly("Load(a.service)", "Reload", "Start(a.service)");
        Map<String, LocalUnit> old = Map.of("a.service", have("a.service", V2, DesiredState.LAUNCHED));
        assertThat(TaskLabels.of(AgentReconciler.plan(fresh, old, true)))
                .containsExactly("Unload(a.service)", "Load(a.service)", "Reload", "Start(a.service)");
        Map<String, DesiredUnit> installed = Map.of("b.service", want("b.service", withInstall, DesiredState.LAUNCHED));
        assertThat(TaskLabels.of(AgentReconciler.plan(installed, Map.of(), true)))
                .containsExactly("Load(b.service)", "Reload", "Start(b.service)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void applyingThePlanLeavesNothingToDo(String title, List<DesiredUnit> desired, List<LocalUnit> local,
            List<String> expected) {
        Map<String, DesiredUnit> d = new TreeMap<>();
        desired.forEach(u -> d.put(u.name(), u));
        Map<String, LocalUnit> after = new TreeMap<>();
        desired.forEach(u -> after.put(u.name(), new LocalUnit(u.name(), u.hash(), u.state())));
        assertThat(AgentReconciler.plan(d, after, false)).isEmpty();
    }

    private static Map<String, LocalUnit> byName(List<LocalUnit> units) {
        Map<String, LocalUnit> m = new java.util.TreeMap<>();
        units.forEach(u -> m.put(u.name(), u));
        return m;
    }
}
