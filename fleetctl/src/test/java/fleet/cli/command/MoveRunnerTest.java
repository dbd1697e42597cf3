package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.FakeFleetApi;
import fleet.cli.Main;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import fleet.schema.UnitStateEntity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Moves one at a time against an in-memory API whose {@code onMove} stands in for the engine (moves the
 * unit, or refuses) and whose states stand in for the agents.
 */
class MoveRunnerTest {
    private static final String M1 = "m1000000000000000000000000000000";
    private static final String M3 = "m3000000000000000000000000000000";

    private final FakeFleetApi api = new FakeFleetApi();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Session session = Main.session(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), g -> api);

    private static RebalanceMoveEntity move(String unit) {
        return new RebalanceMoveEntity(unit, M1, M3, M1 + " runs 4 units, " + M3 + " runs 0", null, null);
    }

    /** The engine moves each unit, and its agent on the new machine reports it {@code active} (or as given). */
    private void engine(String activeState) {
        api.onMove = m -> {
            api.unit(m.unit(), List.of(), "launched", "launched", m.to());
            api.states.add(new UnitStateEntity(m.unit(), "h", m.to(), "loaded", activeState, "running", null));
            return new RebalanceMoveEntity(m.unit(), m.from(), m.to(), m.why(), "moved", "ok");
        };
    }

    private int run(int maxMoves) {
        return new MoveRunner(session, 2, 0, ms -> { }).run(maxMoves);
    }

    @Test
    void movesOneAtATimeUpToTheLimitWithTheReasonInShortIds() {
        engine("active");
        api.plans.add(new RebalancePlanEntity(List.of(move("a.service")), ""));
        api.plans.add(new RebalancePlanEntity(List.of(move("b.service")), ""));
        api.plans.add(new RebalancePlanEntity(List.of(move("c.service")), ""));

        assertThat(run(2)).isEqualTo(ExitCode.OK);
        assertThat(api.writes).containsExactly("MOVE a.service " + M1 + " " + M3, "MOVE b.service " + M1 + " " + M3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Moving a.service from m1000000 to m3000000: m1000000 runs 4 units, m3000000 runs 0\n"
                        + "  a.service: active on m3000000\n"
                        + "Moving b.service from m1000000 to m3000000: m1000000 runs 4 units, m3000000 runs 0\n"
                        + "  b.service: active on m3000000\n"
                        + "Moved 2 unit(s): stopped at --max-moves 2\n");
    }

    @Test
    void stopsWhenBalanced() {
        engine("active");
        api.plans.add(new RebalancePlanEntity(List.of(move("a.service")), ""));
        api.plans.add(new RebalancePlanEntity(List.of(), "balanced: no move would even out the load"));
        assertThat(run(5)).isEqualTo(ExitCode.OK);
        assertThat(api.writes).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("Moved 1 unit(s): balanced\n");
    }

    @Test
    void aRefusedMoveEndsTheRunWithTheEnginesReason() {
        api.onMove = m -> new RebalanceMoveEntity(m.unit(), m.from(), m.to(), m.why(), "refused",
                "a.service is no longer on " + M1);
        api.plans.add(new RebalancePlanEntity(List.of(move("a.service")), ""));
        assertThat(run(3)).isEqualTo(ExitCode.ERROR);
        assertThat(api.writes).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Error: the engine refused to move a.service: a.service is no longer on " + M1);
    }

    @Test
    void aMovedUnitThatFailsOnItsNewMachineEndsTheRun() {
        engine("failed");
        api.plans.add(new RebalancePlanEntity(List.of(move("a.service")), ""));
        assertThat(run(3)).isEqualTo(ExitCode.ERROR);
        assertThat(api.writes).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Error: a.service did not become active on m3000000 "
                + "(failed, ActiveState=failed)").contains("no further moves made");
    }

    @Test
    void anUndecidedMoveTimesOut() {
        api.plans.add(new RebalancePlanEntity(List.of(move("a.service")), ""));
        assertThat(run(3)).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not decide the move of a.service in time");
    }
}
