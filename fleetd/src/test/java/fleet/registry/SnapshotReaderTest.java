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
import fleet.unit.UnitOption;

class SnapshotReaderTest {
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
    void aSnapshotHoldsEverythingAtOneRevisionAndNothingWrittenAfter() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        Fence fence = f.leader("engine");
        f.registry.apply(fence, List.of(new PlacementOp.Place("a.service", "m1", a.hash(),
                DesiredState.LAUNCHED), new PlacementOp.SetReasons("b.service", new UnitReasons(Map.of(), "waiting"))));
        try (Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of("zone", "a")), Duration.ofSeconds(10),
                new PresenceListener() {})) {
            f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "ssd")));

            RegistrySnapshot s = f.registry.snapshot(0);
            f.registry.units().create("late.service", RegistryFixture.unit("late"), DesiredState.LAUNCHED);
            f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "zone", "b")));

            assertThat(s.units()).containsOnlyKeys("a.service");
            assertThat(s.units().get("a.service").file()).isEqualTo(a);
            assertThat(s.schedule()).containsExactly(new ScheduledUnit("m1", "a.service", a.hash(), DesiredState.LAUNCHED));
            assertThat(s.reasons().get("b.service").summary()).isEqualTo("waiting");
            assertThat(s.machines().get("m1").metadata()).isEqualTo(Map.of("zone", "a", "disk", "ssd"));

            RegistrySnapshot again = f.registry.snapshot(s.revision());
            assertThat(again).isEqualTo(s);
            assertThat(f.registry.snapshot(0).units()).containsKey("late.service");
        }
    }

    @Test
    void aMachineScheduleHasItsOwnPlacementsAndTheGlobalUnitsWithBodies() {
        UnitFile a = RegistryFixture.unit("a");
        UnitFile g = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("X-Fleet", "Global", "true")));
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        f.registry.units().create("g.service", g, DesiredState.LOADED);
        Fence fence = f.leader("engine");
        f.registry.apply(fence, List.of(
                new PlacementOp.Place("a.service", "m1", a.hash(), DesiredState.LAUNCHED),
                new PlacementOp.Place("b.service", "m2", RegistryFixture.unit("b").hash(), DesiredState.LAUNCHED)));

        MachineSchedule s = f.registry.machineSchedule("m1");
        assertThat(s.scheduled()).containsExactly(new ScheduleRecord("a.service", a.hash(), DesiredState.LAUNCHED));
        assertThat(s.globals()).containsExactly(new ScheduleRecord("g.service", g.hash(), DesiredState.LOADED));
        assertThat(s.bodies()).isEqualTo(Map.of(a.hash(), a, g.hash(), g));
    }

    @Test
    void anAgentReadsEachBodyFromEtcdOnce() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        f.registry.apply(f.leader("engine"), List.of(new PlacementOp.Place("a.service", "m1", a.hash(),
                DesiredState.LAUNCHED)));
        assertThat(f.registry.machineSchedule("m1").bodies()).containsEntry(a.hash(), a);

        // gone from etcd behind the registry's back: a second read can only have it from what it kept
        f.etcd.await(f.etcd.client().getKVClient().delete(f.etcd.key(EtcdKeys.body(a.hash()))), "delete body");
        assertThat(f.registry.machineSchedule("m1").bodies()).containsEntry(a.hash(), a);
    }

    static MachineInfo machine(String id, String ip, Map<String, String> metadata) {
        return new MachineInfo(id, ip, metadata, "0.1.0", new MachineInfo.Capacity(2, 1L << 30), false);
    }

    @Test
    void bodiesTooLargeForOneGrpcReplyAreReadInSmallerPages() {
        // 9 bodies of ~480 KB: one page of them is over gRPC's 4 MiB reply limit
        for (int i = 0; i < 9; i++) {
            List<UnitOption> options = new java.util.ArrayList<>(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
            for (int j = 0; j < 8; j++) {
                options.add(new UnitOption("Service", "Environment", "V" + j + "=" + Character.toString('a' + i).repeat(60_000)));
            }
            f.registry.units().create("big-" + i + ".service", UnitFile.of(options), DesiredState.LAUNCHED);
        }
        RegistrySnapshot s = f.registry.snapshot(0);
        assertThat(s.units()).hasSize(9);
        assertThat(s.units().get("big-8.service").file().options()).hasSize(9);
    }

    // EtcdRegistry.unitDetail (UnitDetailReader): what a GET of a unit shows, from etcd at one revision

    @Test
    void aUnitComesWithItsPlacementStatesAndReasons() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        f.registry.units().create("ab.service", RegistryFixture.unit("ab"), DesiredState.LAUNCHED);
        f.registry.apply(f.leader("engine"), List.of(new PlacementOp.Place("a.service", "m1", a.hash(),
                DesiredState.LAUNCHED), new PlacementOp.SetReasons("a.service", new UnitReasons(Map.of(), "moved"))));
        try (Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of()),
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
