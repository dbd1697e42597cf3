package fleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import fleet.cli.FakeFleetApi;
import fleet.cli.Main;
import fleet.cli.apply.ClusterUnit;
import fleet.cli.apply.LocalUnit;
import fleet.cli.apply.Plan;
import fleet.cli.apply.Planner;
import fleet.schema.UnitEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The roller against an in-memory API whose rollout writes stand in for the agents: each machine
 * allowed to take the new body reports it active, or failed on the broken machine.
 */
class GlobalRollerTest {
    private static final List<UnitOption> OLD = List.of(new UnitOption("Service", "ExecStart", "/bin/sleep 1d"),
            new UnitOption("X-Fleet", "Global", "true"), new UnitOption("X-Fleet", "ApplySet", "default"));

    private final FakeFleetApi api = new FakeFleetApi();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Session session = Main.session(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), g -> api);
    private final String oldHash = UnitFile.of(OLD).hash().hex();

    GlobalRollerTest() {
        api.unit("mon.service", OLD, "launched", null, null);
        for (String m : List.of("m3", "m1", "m2")) {
            api.states.add(state(m, oldHash, "active"));
        }
    }

    private static UnitStateEntity state(String machine, String hash, String active) {
        return new UnitStateEntity("mon.service", hash, machine, "loaded", active, "running", null);
    }

    /** The agents: an allowed machine runs the new body, and on {@code broken} it fails. */
    private void agents(String broken) {
        api.onRollout = (name, r) -> {
            api.states.removeIf(s -> r.machines().contains(s.machineID()) || !r.order().contains(s.machineID()));
            r.machines().forEach(m -> api.states.add(state(m, r.hash(), m.equals(broken) ? "failed" : "active")));
            r.order().stream().filter(m -> !r.machines().contains(m))
                    .forEach(m -> api.states.add(state(m, oldHash, "active")));
        };
    }

    private int apply(String exec) {
        LocalUnit local = new LocalUnit("mon.service", UnitFile.of(List.of(new UnitOption("Service", "ExecStart", exec),
                new UnitOption("X-Fleet", "Global", "true"))), DesiredState.LAUNCHED, Path.of("units/mon.service"));
        List<ClusterUnit> cluster = api.listUnits().stream().map(u -> ClusterUnit.of(u, failedHashes(u))).toList();
        Plan plan = Planner.plan(List.of(local), cluster, "default", false);
        return new ApplyRunner(session, "default", new ApplyRunner.Rollout(1, 2, 2)).run(plan, ms -> { });
    }

    private Set<String> failedHashes(UnitEntity u) {
        return Set.copyOf(api.states.stream().filter(s -> "failed".equals(s.systemdActiveState()))
                .map(UnitStateEntity::hash).toList());
    }

    @Test
    void aFailureOnTheSecondMachineLeavesTheThirdOnTheOldBodyAndAFixedBodyCompletes() {
        agents("m2");
        assertThat(apply("/bin/sleep 2d")).isEqualTo(ExitCode.ERROR);

        assertThat(api.writes).hasSize(3).allMatch(w -> w.startsWith("ROLLOUT mon.service"));
        assertThat(api.writes.get(2)).endsWith("[m1, m2]");
        assertThat(api.states).contains(state("m3", oldHash, "active"));
        assertThat(api.units.get("mon.service").options()).hasSize(OLD.size());
        assertThat(err.toString()).contains("failed with the new version on m2").contains("still on the old version: m3");

        assertThat(apply("/bin/sleep 2d")).as("the same broken body is held").isEqualTo(ExitCode.ERROR);
        assertThat(api.writes).hasSize(3);

        agents(null);
        assertThat(apply("/bin/sleep 3d")).isEqualTo(ExitCode.OK);
        assertThat(api.writes.subList(3, api.writes.size())).extracting(w -> w.replaceAll(" [0-9a-f]{7} ", " H "))
                .containsExactly("ROLLOUT mon.service H []", "ROLLOUT mon.service H [m1]",
                        "ROLLOUT mon.service H [m1, m2]", "ROLLOUT mon.service H [m1, m2, m3]",
                        "PUT mon.service options=3 launched");
        assertThat(out.toString()).contains("Replaced mon.service (launched): 3 machine(s) on");
    }

    @Test
    void aLongOrderIsNamedByItsFirstMachinesAndTheRestCounted() {
        for (int i = 10; i < 22; i++) {
            api.states.add(state("m" + i, oldHash, "active"));
        }
        agents(null);

        assertThat(apply("/bin/sleep 2d")).isEqualTo(ExitCode.OK);

        assertThat(out.toString()).contains("15 machine(s), 1 at a time, in the order m1, m10, m11, m12, m13, m14, m15, "
                + "m16, m17, m18 and 5 more\n");
        assertThat(api.writes).hasSize(17);
    }
}
