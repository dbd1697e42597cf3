package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/** {@link EtcdRegistry#unitDetail}: a unit and what the API shows beside it, read from etcd at one revision. */
class UnitDetailReaderTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private RegistryFixture f;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aUnitComesWithItsPlacementStatesAndReasons() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        f.registry.units().create("ab.service", RegistryFixture.unit("ab"), DesiredState.LAUNCHED);
        f.registry.apply(f.leader("engine"), List.of(new PlacementOp.Place("a.service", "m1", a.hash(),
                DesiredState.LAUNCHED), new PlacementOp.SetReasons("a.service", new UnitReasons(Map.of(), "moved"))));
        try (Presence p = f.registry.register(new MachineInfo("m1", "10.0.0.1", Map.of(), "1", null, false),
                Duration.ofSeconds(10), new PresenceListener() {})) {
            f.registry.publishStates(p, List.of(
                    new UnitStateRecord("a.service", a.hash(), "m1", "loaded", "active", "running", "launched"),
                    new UnitStateRecord("ab.service", a.hash(), "m1", "loaded", "failed", "failed", "launched")),
                    List.of());

            UnitDetail d = f.registry.unitDetail("a.service").orElseThrow();
            assertThat(d.unit().file()).isEqualTo(a);
            assertThat(d.placement()).isEqualTo("m1");
            assertThat(d.states()).extracting(UnitStateRecord::name).containsExactly("a.service");
            assertThat(d.reasons().summary()).isEqualTo("moved");
            assertThat(d.revision()).isEqualTo(f.registry.revision());
        }
    }

    @Test
    void anAbsentUnitIsEmptyAndAnUnplacedOneHasNoPlacement() {
        assertThat(f.registry.unitDetail("none.service")).isEmpty();
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.INACTIVE);
        UnitDetail d = f.registry.unitDetail("b.service").orElseThrow();
        assertThat(d.placement()).isNull();
        assertThat(d.states()).isEmpty();
        assertThat(d.reasons()).isNull();
    }
}
