package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The rollout of a global unit against a real etcd: what each agent reads, the body references, the end. */
class RolloutStoreTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private RegistryFixture f;
    private UnitStore units;
    private final UnitFile v1 = global("/bin/sleep 1001");
    private final UnitFile v2 = global("/bin/sleep 1002");
    private final UnitFile v3 = global("/bin/sleep 1003");

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        units = f.registry.units();
        units.create("g.service", v1, DesiredState.LAUNCHED);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static UnitFile global(String exec) {
        return UnitFile.of(List.of(new UnitOption("Service", "ExecStart", exec),
                new UnitOption("X-Fleet", "Global", "true")));
    }

    private ScheduleRecord globalOn(String machine) {
        MachineSchedule s = f.registry.machineSchedule(machine);
        ScheduleRecord g = s.globals().get(0);
        assertThat(s.bodies()).containsKey(g.hash());
        return g;
    }

    @Test
    void onlyTheAllowedMachinesRunTheNewBodyAndTheCommittedOneStaysWhatClientsSee() {
        units.rollout("g.service", v2, List.of("m1", "m2", "m3"), List.of("m1"), 1);

        assertThat(globalOn("m1").hash()).isEqualTo(v2.hash());
        assertThat(globalOn("m2").hash()).isEqualTo(v1.hash());
        StoredUnit seen = units.get("g.service").orElseThrow();
        assertThat(seen.file()).isEqualTo(v1);
        assertThat(seen.record().rollout()).isEqualTo(new RolloutRecord(v2.hash(), List.of("m1", "m2", "m3"),
                List.of("m1"), 1));
        assertThat(f.keys("body-refs/")).hasSize(2);
    }

    @Test
    void aDesiredStateChangeKeepsTheRolloutAndACommitEndsItKeepingOnlyTheNewBody() {
        units.rollout("g.service", v2, List.of("m1", "m2"), List.of("m1", "m2"), 1);
        units.setDesiredState("g.service", DesiredState.LOADED);
        assertThat(globalOn("m2")).isEqualTo(new ScheduleRecord("g.service", v2.hash(), DesiredState.LOADED));

        units.replace("g.service", v2, DesiredState.LAUNCHED);

        assertThat(units.record("g.service").orElseThrow().rollout()).isNull();
        assertThat(globalOn("m3").hash()).isEqualTo(v2.hash());
        assertThat(f.keys("bodies/")).containsExactly("bodies/" + v2.hash().hex());
        assertThat(f.keys("body-refs/")).containsExactly("body-refs/" + v2.hash().hex() + "/g.service");
    }

    @Test
    void aNewRolloutDropsTheAbandonedBodyAndADeleteDropsBoth() {
        units.rollout("g.service", v2, List.of("m1"), List.of("m1"), 1);
        units.rollout("g.service", v3, List.of("m1"), List.of(), 1);

        assertThat(globalOn("m1").hash()).isEqualTo(v1.hash());
        assertThat(f.keys("bodies/")).containsExactlyInAnyOrder("bodies/" + v1.hash().hex(),
                "bodies/" + v3.hash().hex());

        units.delete("g.service");
        assertThat(f.keys("bodies/")).isEmpty();
        assertThat(f.keys("body-refs/")).isEmpty();
    }

    @Test
    void aUnitThatIsNotGlobalIsNotRolledOut() {
        UnitFile plain = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
        units.create("p.service", plain, DesiredState.LAUNCHED);
        assertThatThrownBy(() -> units.rollout("p.service", v2, List.of("m1"), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not global");
        assertThat(units.record("p.service").orElseThrow().rollout()).isNull();
    }
}
