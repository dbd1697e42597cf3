package fleet.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DbusSystemdManager} against the real systemd of lab machines. */
@Tag("lab")
class DbusSystemdManagerLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.machines(2);

    private static final String UNITS = "/run/fleet/units/";
    private static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(20));

    private LabMachine m1;
    private DbusSystemdManager systemd;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() {
        m1 = LAB.machine(1);
        systemd = DbusSystemdManager.connect(m1.busAddress());
        systemd.subscribe((name, state) -> events.add(name + " " + state));
    }

    @AfterEach
    void close() {
        systemd.close();
    }

    private Path unitFile(LabMachine m, String name, String body) throws IOException {
        m.writeFile(UNITS + name, body);
        return Path.of(UNITS + name);
    }

    private static String sleeper(String extra) {
        return "[Unit]\nDescription=lab sleeper\n\n[Service]\nExecStart=/bin/sleep 3600\n" + extra;
    }

    private void awaitEvent(String event) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(events).contains(event));
    }

    @Test
    void readsTheMachinesSystemdVersion() {
        // Debian 12's lab machines run systemd 252; anything below 200 means the property was misread
        assertThat(systemd.version()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void linksReloadsStartsAndStopsAUnit() throws Exception {
        systemd.linkRuntime(unitFile(m1, "hello.service", sleeper("")));
        assertThat(Files.readSymbolicLink(m1.file("/run/systemd/system/hello.service")))
                .isEqualTo(Path.of(UNITS + "hello.service"));
        systemd.reload();

        JobResult started = systemd.start("hello.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(started.result()).isEqualTo("done");
        assertThat(systemd.states(List.of("hello.service")))
                .containsEntry("hello.service", new UnitState("loaded", "active", "running"));
        awaitEvent("hello.service loaded/active/running");
        long pid = systemd.mainPid("hello.service").orElseThrow();
        assertThat(Files.readString(m1.file("/proc/" + pid + "/comm")).trim()).isEqualTo("sleep");

        assertThat(systemd.stop("hello.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS).result()).isEqualTo("done");
        assertThat(systemd.states(List.of("hello.service")).get("hello.service").active()).isEqualTo("inactive");
        awaitEvent("hello.service loaded/inactive/dead");
        assertThat(systemd.mainPid("hello.service")).isEmpty();
    }

    @Test
    void linkingTheSameFileTwiceIsNoError() throws Exception {
        Path file = unitFile(m1, "twice.service", sleeper(""));
        systemd.linkRuntime(file);
        assertThatCode(() -> systemd.linkRuntime(file)).doesNotThrowAnyException();
        assertThat(Files.isSymbolicLink(m1.file("/run/systemd/system/twice.service"))).isTrue();
    }

    @Test
    void enablesAndDisablesAUnitWithAnInstallSectionAtRuntime() throws Exception {
        systemd.linkRuntime(unitFile(m1, "installed.service", sleeper("\n[Install]\nWantedBy=multi-user.target\n")));
        systemd.enableRuntime(List.of("installed.service"));
        Path wants = m1.file("/run/systemd/system/multi-user.target.wants/installed.service");
        assertThat(Files.isSymbolicLink(wants)).isTrue();

        systemd.disableRuntime(List.of("installed.service"));
        assertThat(Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(m1.file("/run/systemd/system/installed.service"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    @Test
    void reportsAFailedUnitAndResetsIt() throws Exception {
        systemd.linkRuntime(unitFile(m1, "broken.service", "[Service]\nType=oneshot\nExecStart=/bin/false\n"));
        systemd.reload();
        JobResult r = systemd.start("broken.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r.result()).isEqualTo("failed");
        assertThat(r.succeeded()).isFalse();
        assertThat(systemd.states(List.of("broken.service")).get("broken.service").active()).isEqualTo("failed");
        awaitEvent("broken.service loaded/failed/failed");

        systemd.resetFailed("broken.service");
        assertThat(systemd.states(List.of("broken.service")).get("broken.service").active()).isEqualTo("inactive");
        assertThatCode(() -> systemd.resetFailed("never-heard-of.service")).doesNotThrowAnyException();
    }

    @Test
    void listsSeveralUnitsByNameIncludingUnknownOnes() throws Exception {
        systemd.linkRuntime(unitFile(m1, "a.service", sleeper("")));
        systemd.linkRuntime(unitFile(m1, "b.service", sleeper("")));
        systemd.reload();
        systemd.start("a.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        Map<String, UnitState> states = systemd.states(List.of("a.service", "b.service", "missing.service"));
        assertThat(states).containsOnlyKeys("a.service", "b.service", "missing.service");
        assertThat(states.get("a.service")).isEqualTo(new UnitState("loaded", "active", "running"));
        assertThat(states.get("b.service")).isEqualTo(new UnitState("loaded", "inactive", "dead"));
        assertThat(states.get("missing.service").load()).isEqualTo("not-found");
        systemd.stop("a.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void deliversEachDistinctStateOnceInOrder() throws Exception {
        systemd.linkRuntime(unitFile(m1, "dedup.service", sleeper("")));
        systemd.reload();
        for (int i = 0; i < 3; i++) {
            systemd.start("dedup.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitEvent("dedup.service loaded/active/running");
            systemd.stop("dedup.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitEvent("dedup.service loaded/inactive/dead");
            Awaitility.await().atMost(WAIT).until(() -> lastOf("dedup.service").endsWith("inactive/dead"));
        }
        List<String> mine = events.stream().filter(e -> e.startsWith("dedup.service ")).toList();
        for (int i = 1; i < mine.size(); i++) {
            assertThat(mine.get(i)).as("event %d repeats the one before: %s", i, mine).isNotEqualTo(mine.get(i - 1));
        }
        assertThat(mine.stream().filter(e -> e.endsWith("active/running")).count()).isEqualTo(3);
    }

    @Test
    void theSameUnitOnTwoMachinesIsTwoUnits() throws Exception {
        LabMachine m2 = LAB.machine(2);
        try (DbusSystemdManager other = DbusSystemdManager.connect(m2.busAddress())) {
            systemd.linkRuntime(unitFile(m1, "twin.service", sleeper("")));
            other.linkRuntime(unitFile(m2, "twin.service", sleeper("")));
            systemd.reload();
            other.reload();
            systemd.start("twin.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            other.start("twin.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            JobResult stopped = systemd.stop("twin.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(stopped.result()).isEqualTo("done");
            assertThat(systemd.states(List.of("twin.service")).get("twin.service").active()).isEqualTo("inactive");
            assertThat(other.states(List.of("twin.service")).get("twin.service"))
                    .isEqualTo(new UnitState("loaded", "active", "running"));
            other.stop("twin.service").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aRefusedCallSaysWhatWasRefused() {
        assertThatThrownBy(() -> systemd.linkRuntime(Path.of("/run/fleet/units/absent.service")))
                .isInstanceOf(SystemdException.class)
                .hasMessageContaining("LinkUnitFiles /run/fleet/units/absent.service");
        assertThatThrownBy(() -> systemd.linkRuntime(Path.of("relative.service")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String lastOf(String unit) {
        synchronized (events) {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).startsWith(unit + " ")) {
                    return events.get(i);
                }
            }
        }
        return "";
    }
}
