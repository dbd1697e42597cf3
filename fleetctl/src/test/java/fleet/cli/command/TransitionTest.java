package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.FakeFleetApi;
import fleet.cli.Main;
import fleet.cli.api.UnitEntities;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.schema.UnitReasonsEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blocking (reference §1.4) with the "could not place" extension, on a scripted API and no real sleeping. */
class TransitionTest {
    private static final String M1 = "113f16a7e1a94e3fa6aafa3b8c1f2d8e";
    private static final List<UnitOption> BODY = List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1d"));
    private static final List<UnitOption> GLOBAL = List.of(new UnitOption("X-Fleet", "Global", "true"));
    private static final List<UnitOptionEntity> WIRE_BODY = UnitEntities.toWire(BODY);
    private static final List<UnitOptionEntity> WIRE_GLOBAL = UnitEntities.toWire(GLOBAL);

    private final FakeFleetApi api = new FakeFleetApi();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Session session = Main.session(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), g -> api);
    private int sleeps;
    /** The milliseconds slept so far: the waiter's clock. */
    private long slept;
    private final List<Long> intervals = new java.util.ArrayList<>();
    private Runnable onSleep = () -> { };

    private Transition transition() {
        StateWaiter waiter = new StateWaiter(api, ms -> {
            intervals.add(ms);
            sleeps++;
            slept += ms;
            onSleep.run();
        }, new Progress(session.err(), false));
        return new Transition(session, waiter);
    }

    private UnitEntity unit(String desired) {
        return new UnitEntity("a.service", WIRE_BODY, desired, "inactive", null, null);
    }

    @Test
    void waitsUntilTheCurrentStateIsReachedAndNamesTheMachine() {
        api.machines.add(new MachineEntity(M1, "10.0.0.1", null));
        api.unit("a.service", BODY, "inactive", "inactive", null);
        onSleep = () -> {
            if (slept == 150) {
                api.units.put("a.service", new UnitEntity("a.service", WIRE_BODY, "launched", "launched", M1, null));
                api.states.add(systemd("active", "running"));
            }
        };
        int code = transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 0, true);
        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(slept).as("seen at the next poll: the first second is polled every 50 ms").isEqualTo(150);
        assertThat(api.writes).containsExactly("PUT a.service launched");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Unit a.service launched on 113f16a7.../10.0.0.1\n");
    }

    @Test
    void aUnitTheEngineCannotPlaceFailsAfterOneAttemptWithItsReasons() {
        api.units.put("a.service", new UnitEntity("a.service", WIRE_BODY, "launched", "inactive", null,
                new UnitReasonsEntity(Map.of(M1, "metadata region=eu not matched"),
                        "no machine matches MachineMetadata")));
        int code = transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 0, true);
        assertThat(code).isEqualTo(ExitCode.NOT_PLACED);
        assertThat(slept).isEqualTo(StateWaiter.ATTEMPT_MILLIS);
        assertThat(intervals).as("20 polls 50 ms apart, then fleet's 250 ms")
                .containsExactly(50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L, 50L,
                        50L, 50L, 50L, 250L, 250L, 250L, 250L);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Unit a.service could not be placed: no machine matches MachineMetadata\n"
                + "  113f16a7...: metadata region=eu not matched\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void reasonsThatGoAwayDoNotFailTheWait() {
        api.units.put("a.service", new UnitEntity("a.service", WIRE_BODY, "launched", "inactive", null,
                new UnitReasonsEntity(Map.of(), "MachineOf b.service: not scheduled yet")));
        onSleep = () -> {
            if (slept == 1000) {
                api.units.put("a.service", new UnitEntity("a.service", WIRE_BODY, "launched", "launched", M1, null));
                api.states.add(systemd("active", "running"));
            }
        };
        assertThat(transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 0, true))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Unit a.service launched on 113f16a7...\n");
    }

    private static UnitStateEntity systemd(String active, String sub) {
        return new UnitStateEntity("a.service", "0123456789012345678901234567890123456789", M1, "loaded", active, sub,
                null);
    }

    @Test
    void startWaitsForSystemdToSayActiveOnTheUnitsMachine() {
        api.machines.add(new MachineEntity(M1, "10.0.0.1", null));
        api.unit("a.service", BODY, "launched", "launched", M1);
        api.states.add(new UnitStateEntity("a.service", null, "othermachine", "loaded", "active", "running", null));
        api.states.add(systemd("activating", "start-pre"));
        onSleep = () -> {
            if (slept == 3000) {
                api.states.set(1, systemd("active", "running"));
            }
        };
        int code = transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 3, true);
        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(slept).as("past fleet's first 2 s window, within the budget").isEqualTo(3000);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Unit a.service launched on 113f16a7.../10.0.0.1\n");
    }

    @Test
    void aUnitThatFailsInSystemdEndsTheWaitWithExit1() {
        api.machines.add(new MachineEntity(M1, "10.0.0.1", null));
        api.unit("a.service", BODY, "launched", "launched", M1);
        api.states.add(systemd("activating", "start"));
        onSleep = () -> api.states.set(0, systemd("failed", "failed"));
        int code = transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 0, true);
        assertThat(code).isEqualTo(ExitCode.ERROR);
        assertThat(sleeps).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error: unit a.service was launched on "
                + "113f16a7.../10.0.0.1 but failed in systemd (ActiveState=failed, SubState=failed); see fleetctl "
                + "status a.service and fleetctl journal a.service\n");
    }

    @Test
    void aLaunchedUnitNeverActiveTimesOutNamingSystemdsState() {
        api.unit("a.service", BODY, "launched", "launched", M1);
        api.states.add(systemd("activating", "start-pre"));
        int code = transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", 1, true);
        assertThat(code).isEqualTo(ExitCode.ERROR);
        assertThat(slept).as("the last poll one interval before the budget's end, as fleet's 8th")
                .isEqualTo(StateWaiter.ATTEMPT_MILLIS - StateWaiter.POLL_MILLIS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("timed out waiting for unit a.service to be "
                + "launched (launched on 113f16a7..., but systemd reports ActiveState=activating, SubState=start-pre, "
                + "not ActiveState=active)");
    }

    @Test
    void aBatchUnitThatCompletedEndsTheWaitAlsoOnceTheEngineMadeItLoaded() {
        api.machines.add(new MachineEntity(M1, "10.0.0.1", null));
        api.unit("a.service", BODY, "launched", "launched", M1);
        api.states.add(systemd("activating", "start"));
        onSleep = () -> {
            api.unit("a.service", BODY, "launched", "loaded", M1);
            api.states.set(0, systemd("inactive", "completed"));
        };
        assertThat(startWithin(2)).isEqualTo(ExitCode.OK);
        assertThat(sleeps).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Unit a.service launched on 113f16a7.../10.0.0.1\n");
    }

    @Test
    void aLoadedUnitNotCompletedKeepsTheWaitGoing() {
        api.unit("a.service", BODY, "launched", "loaded", M1);
        api.states.add(systemd("inactive", "dead"));
        assertThat(startWithin(1)).as("dead is not completed").isEqualTo(ExitCode.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("timed out waiting for unit a.service");
    }

    private int startWithin(int attempts) {
        return transition().run(List.of(unit("inactive")), DesiredState.LAUNCHED, "start", attempts, true);
    }

    @Test
    void loadDoesNotWaitForSystemd() {
        api.unit("a.service", BODY, "loaded", "loaded", M1);
        assertThat(transition().run(List.of(unit("inactive")), DesiredState.LOADED, "load", 1, true))
                .isEqualTo(ExitCode.OK);
        assertThat(sleeps).isZero();
    }

    @Test
    void blockAttemptsBoundTheWait() {
        api.unit("a.service", BODY, "inactive", "inactive", null);
        int code = transition().run(List.of(unit("inactive")), DesiredState.LOADED, "load", 2, true);
        assertThat(code).isEqualTo(ExitCode.ERROR);
        assertThat(slept).isEqualTo(2 * StateWaiter.ATTEMPT_MILLIS - StateWaiter.POLL_MILLIS);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("timed out waiting for unit a.service to be loaded (current state: inactive)");
    }

    @Test
    void noBlockAndGlobalUnitsOnlyTrigger() {
        api.unit("a.service", BODY, "inactive", "inactive", null);
        api.unit("g.service", GLOBAL, "inactive", null, null);
        UnitEntity global = new UnitEntity("g.service", WIRE_GLOBAL, "inactive", null, null, null);
        int code = transition().run(List.of(unit("inactive"), global), DesiredState.LAUNCHED, "start", -1, true);
        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(sleeps).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Triggered unit a.service start\nTriggered global unit g.service start\n");
    }

    @Test
    void aUnitDestroyedWhileWaitingIsAnError() {
        onSleep = () -> api.units.clear();
        api.unit("a.service", BODY, "inactive", "inactive", null);
        assertThat(transition().run(List.of(unit("inactive")), DesiredState.LOADED, "load", 0, true))
                .isEqualTo(ExitCode.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("disappeared");
    }
}
