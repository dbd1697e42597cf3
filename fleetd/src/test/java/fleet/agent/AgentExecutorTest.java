package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.systemd.UnitState;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The executor's rules, over a recording stand-in for systemd. */
class AgentExecutorTest {
    static final UnitFile PLAIN = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1")));
    static final UnitFile INSTALLED = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1"),
            new UnitOption("Install", "WantedBy", "multi-user.target")));
    static final String DIR = "/run/fleet/units/";

    @TempDir
    Path root;
    RecordingSystemd systemd;
    UnitFiles files;
    AgentExecutor executor;

    @BeforeEach
    void setUp() {
        systemd = new RecordingSystemd();
        files = new UnitFiles(root, Path.of(DIR));
        executor = new AgentExecutor(systemd, files, Duration.ofSeconds(5));
    }

    static AgentTask.Load load(String unit, UnitFile body) {
        return new AgentTask.Load(unit, new DesiredUnit(unit, body, DesiredState.LAUNCHED), "test");
    }

    @Test
    void loadWritesLinksAndEnablesOnlyWithAnInstallSectionThenOneReload() {
        ExecutionReport r = executor.execute(List.of(load("a.service", PLAIN), load("b.service", INSTALLED),
                new AgentTask.ReloadUnitFiles("test"), new AgentTask.Start("a.service", "test")));
        assertThat(r.complete()).isTrue();
        assertThat(r.done()).hasSize(4);
        assertThat(systemd.calls).containsExactly("link " + DIR + "a.service", "link " + DIR + "b.service",
                "enable b.service", "reload", "start a.service");
        assertThat(files.list()).containsOnlyKeys("a.service", "b.service");
    }

    @Test
    void aFailedEnableRemovesTheFileAndFailsTheLoad() {
        systemd.failing.add("enable b.service");
        ExecutionReport r = executor.execute(List.of(load("b.service", INSTALLED), new AgentTask.ReloadUnitFiles("t")));
        assertThat(TaskLabels.of(r.done())).as("the reload is not b's").containsExactly("Reload");
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.task().label()).isEqualTo("Load(b.service)");
            assertThat(f.message()).contains("refused enable b.service");
        });
        assertThat(files.list()).isEmpty();
    }

    @Test
    void eachTaskCarriedOutEndsItsTimingOnceWithItsOutcome() {
        List<String> ended = new java.util.ArrayList<>();
        AgentExecutor observed = new AgentExecutor(systemd, files, Duration.ofSeconds(5),
                task -> failed -> ended.add(task.label() + (failed ? " failed" : " ok")));
        systemd.failing.add("enable b.service");
        observed.execute(List.of(load("a.service", PLAIN), load("b.service", INSTALLED),
                new AgentTask.Start("b.service", "skipped: its load failed"), new AgentTask.ReloadUnitFiles("t")));
        assertThat(ended).containsExactly("Load(a.service) ok", "Load(b.service) failed", "Reload ok");
    }

    @Test
    void unloadStopsThenDisablesResetsAndDeletes() {
        files.write("a.service", PLAIN);
        systemd.setState("a.service", new UnitState("loaded", "active", "running"));
        ExecutionReport r = executor.execute(List.of(new AgentTask.Unload("a.service", "test")));
        assertThat(r.complete()).isTrue();
        assertThat(systemd.calls).containsExactly("stop a.service", "disable a.service", "reset-failed a.service");
        assertThat(files.list()).isEmpty();
    }

    @Test
    void aFailedStopJobKeepsTheFileAndTheOtherUnitsGoOn() {
        files.write("a.service", PLAIN);
        systemd.setState("a.service", new UnitState("loaded", "active", "running"));
        systemd.jobResults.put("stop a.service", "timeout");
        ExecutionReport r = executor.execute(List.of(new AgentTask.Unload("a.service", "test"),
                load("b.service", PLAIN), new AgentTask.ReloadUnitFiles("test")));
        assertThat(TaskLabels.of(r.done())).containsExactly("Load(b.service)", "Reload");
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("timeout"));
        assertThat(systemd.calls).containsExactly("stop a.service", "link " + DIR + "b.service", "reload");
        assertThat(files.list()).containsOnlyKeys("a.service", "b.service");
    }

    @Test
    void aUnitThatCannotBeLoadedSkipsOnlyItsOwnTasks() {
        systemd.failing.add("link " + DIR + "bad.service");
        ExecutionReport r = executor.execute(List.of(load("bad.service", PLAIN), load("good.service", PLAIN),
                new AgentTask.ReloadUnitFiles("t"), new AgentTask.Start("bad.service", "t"),
                new AgentTask.Start("good.service", "t")));
        assertThat(TaskLabels.of(r.done())).containsExactly("Load(good.service)", "Reload",
                "Start(good.service)");
        assertThat(r.failures()).extracting(f -> f.task().label()).containsExactly("Load(bad.service)");
        assertThat(systemd.calls).contains("start good.service").doesNotContain("start bad.service");
    }

    @Test
    void aRefusedStopCallKeepsTheFile() {
        files.write("a.service", PLAIN);
        systemd.setState("a.service", new UnitState("loaded", "active", "running"));
        systemd.failing.add("stop a.service");
        assertThat(executor.execute(List.of(new AgentTask.Unload("a.service", "test"))).complete()).isFalse();
        assertThat(Files.exists(files.localPath("a.service"))).isTrue();
    }

    @Test
    void aUnitSystemdDoesNotKnowIsUnloadedWithoutAStop() {
        files.write("a.service", PLAIN);
        ExecutionReport r = executor.execute(List.of(new AgentTask.Unload("a.service", "test")));
        assertThat(r.complete()).isTrue();
        assertThat(systemd.calls).containsExactly("disable a.service", "reset-failed a.service");
        assertThat(files.list()).isEmpty();
    }

    @Test
    void aFailedReloadHaltsThePlan() {
        systemd.failing.add("reload");
        ExecutionReport r = executor.execute(List.of(load("a.service", PLAIN), new AgentTask.ReloadUnitFiles("t"),
                new AgentTask.Start("a.service", "t")));
        assertThat(TaskLabels.of(r.done())).containsExactly("Load(a.service)");
        assertThat(r.failures()).extracting(f -> f.task().label()).containsExactly("Reload");
        assertThat(systemd.calls).doesNotContain("start a.service");
    }
}
