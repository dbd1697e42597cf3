package fleet.registry;

import static fleet.registry.SnapshotReaderTest.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.UnitHash;

class PresenceTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    /** Short enough to expire within a test; tests that need no expiry use {@link #LONG_TTL}. */
    private static final Duration TTL = TestEnv.scaled(Duration.ofSeconds(2));
    private static final Duration LONG_TTL = Duration.ofSeconds(60);
    private static final UnitHash HASH = RegistryFixture.unit("x").hash();
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
    void aRegisteredMachineIsListedOnItsLeaseAndLeavesOnClose() {
        Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of("zone", "a")), LONG_TTL, new PresenceListener() {});
        assertThat(f.registry.machines().list()).containsOnlyKeys("m1");
        assertThat(f.etcd.get("machines/m1", 0).single().orElseThrow().lease()).isEqualTo(p.lease());
        p.close();
        assertThat(f.registry.machines().list()).isEmpty();
    }

    @Test
    void aSecondFleetdWithTheSameMachineIdIsRefusedWithTheOthersAddress() {
        try (Presence first = f.registry.register(machine("m1", "10.0.0.1", Map.of()), LONG_TTL, new PresenceListener() {})) {
            assertThatThrownBy(() -> f.registry.register(machine("m1", "10.0.0.2", Map.of()), LONG_TTL,
                    new PresenceListener() {}))
                    .isInstanceOf(MachineConflictException.class)
                    .hasMessageContaining("machine ID m1 is already registered")
                    .hasMessageContaining("10.0.0.1");
            assertThat(f.registry.machines().list().get("m1").publicIP()).isEqualTo("10.0.0.1");
            assertThat(f.etcd.get("machines/m1", 0).single().orElseThrow().lease()).isEqualTo(first.lease());
        }
    }

    @Test
    void aRestartedFleetdResumesItsOwnLeaseAndKeepsItsStates() {
        Presence before = f.registry.register(machine("m1", "10.0.0.1", Map.of()), LONG_TTL, new PresenceListener() {});
        f.registry.states().publish(before, state("a.service", "m1"));
        before.abandon();
        try (Presence after = f.registry.resume(machine("m1", "10.0.0.1", Map.of("v", "2")), LONG_TTL,
                new PresenceListener() {}, before.lease(), new EtcdContact(java.time.Clock.systemUTC()))) {
            assertThat(after.lease()).isEqualTo(before.lease());
            assertThat(f.registry.machines().list().get("m1").metadata()).containsEntry("v", "2");
            assertThat(f.registry.states().list()).extracting(UnitStateRecord::name).containsExactly("a.service");
        }
    }

    @Test
    void resumingSomeoneElsesLeaseIsStillRefusedAsAClone() {
        try (Presence first = f.registry.register(machine("m1", "10.0.0.1", Map.of()), LONG_TTL, new PresenceListener() {})) {
            long unrelated = f.etcd.client().getLeaseClient().grant(60).join().getID();
            assertThatThrownBy(() -> f.registry.resume(machine("m1", "10.0.0.2", Map.of()), LONG_TTL,
                    new PresenceListener() {}, unrelated, new EtcdContact(java.time.Clock.systemUTC())))
                    .isInstanceOf(MachineConflictException.class);
            assertThat(f.etcd.get("machines/m1", 0).single().orElseThrow().lease()).isEqualTo(first.lease());
        }
    }

    @Test
    void whenTheLeaseExpiresPresenceAndStatesVanishInOneRevision() {
        Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of()), TTL, new PresenceListener() {});
        f.registry.states().publish(p, state("a.service", "m1"));
        f.registry.states().publish(p, state("b.service", "m1"));
        long before = f.registry.revision();
        List<KeyEvent> deletes = new CopyOnWriteArrayList<>();
        try (WatchHandle w = f.registry.watch("", before + 1, collectDeletes(deletes))) {
            p.abandon();
            await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(() -> deletes.size() == 3);
        }
        assertThat(deletes).extracting(KeyEvent::key)
                .containsExactlyInAnyOrder("machines/m1", "states/a.service/m1", "states/b.service/m1");
        assertThat(deletes).extracting(KeyEvent::revision).containsOnly(deletes.get(0).revision());
        assertThat(f.registry.states().list()).isEmpty();
    }

    @Test
    void aLostLeaseIsReplacedByANewRegistrationAndTheListenerIsTold() {
        List<Long> reregistered = new CopyOnWriteArrayList<>();
        try (Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of()), TTL, new PresenceListener() {
            @Override
            public void onReregistered(long newLease) {
                reregistered.add(newLease);
            }
        })) {
            long old = p.lease();
            f.etcd.await(f.client.getLeaseClient().revoke(old), "revoke from another client");
            assertThat(f.registry.machines().list()).isEmpty();

            await().atMost(TestEnv.scaled(Duration.ofSeconds(10))).until(() -> !reregistered.isEmpty());
            assertThat(p.lease()).isNotEqualTo(old).isEqualTo(reregistered.get(0));
            assertThat(f.etcd.get("machines/m1", 0).single().orElseThrow().lease()).isEqualTo(p.lease());
            f.registry.states().publish(p, state("a.service", "m1"));
            assertThat(f.registry.states().list(null, "m1", 0)).hasSize(1);
        }
    }

    @Test
    void dynamicMetadataIsMergedOverConfigMetadataAndSurvivesRejoin() {
        try (Presence p = f.registry.register(machine("m1", "10.0.0.1", Map.of("zone", "a", "rack", "7")), LONG_TTL,
                new PresenceListener() {})) {
            f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "ssd")));
            f.registry.machines().updateMetadata(List.of(MetadataChange.remove("m1", "zone")));
            assertThat(f.registry.machines().list().get("m1").metadata()).isEqualTo(Map.of("rack", "7", "disk", "ssd"));
        }
        assertThatThrownBy(() -> f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "hdd"))))
                .as("not registered meanwhile").isInstanceOf(MachineNotFoundException.class);
        try (Presence again = f.registry.register(machine("m1", "10.0.0.1", Map.of("zone", "a")), LONG_TTL,
                new PresenceListener() {})) {
            assertThat(f.registry.machines().list().get("m1").metadata()).as("kept across the rejoin")
                    .isEqualTo(Map.of("disk", "ssd"));
            f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "zone", "b"),
                    MetadataChange.remove("m1", "disk")));
            assertThat(f.registry.machines().list().get("m1").metadata()).isEqualTo(Map.of("zone", "b"));
        }
    }

    @Test
    void badMetadataIsRefusedWholeWithTheReason() {
        assertThatThrownBy(() -> f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "ok", "1"),
                MetadataChange.set("m1", "bad/key", "2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid metadata key \"bad/key\"");
        assertThatThrownBy(() -> MetadataChange.set("m1", "k", "")).hasMessageContaining("must not be empty");
        assertThat(f.keys("")).isEmpty();
    }

    @Test
    void statesAreListedByUnitAndByMachine() {
        try (Presence m1 = f.registry.register(machine("m1", "10.0.0.1", Map.of()), LONG_TTL, new PresenceListener() {});
             Presence m2 = f.registry.register(machine("m2", "10.0.0.2", Map.of()), LONG_TTL, new PresenceListener() {})) {
            f.registry.states().publish(m1, state("a.service", "m1"));
            f.registry.states().publish(m2, state("a.service", "m2"));
            f.registry.states().publish(m2, state("b.service", "m2"));
            assertThat(f.registry.states().list("a.service", null, 0)).extracting(UnitStateRecord::machineID)
                    .containsExactly("m1", "m2");
            assertThat(f.registry.states().list(null, "m2", 0)).extracting(UnitStateRecord::name)
                    .containsExactly("a.service", "b.service");
            f.registry.states().publishAll(m2, List.of(), List.of("a.service"));
            assertThat(f.registry.states().list("a.service", null, 0)).hasSize(1);
            assertThatThrownBy(() -> f.registry.states().publish(m1, state("c.service", "m2")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this machine is m1");
        }
    }

    @Test
    void manyStatesArePublishedAndRemovedInTransactionsEtcdAccepts() {
        try (Presence m1 = f.registry.register(machine("m1", "10.0.0.1", Map.of()), LONG_TTL, new PresenceListener() {})) {
            List<UnitStateRecord> many = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                many.add(state("u" + i + ".service", "m1"));
            }
            // 300 puts: more than one transaction of at most 128 operations
            f.registry.states().publishAll(m1, many, List.of());
            assertThat(f.registry.states().list(null, "m1", 0)).hasSize(300);
            List<String> gone = many.subList(0, 200).stream().map(UnitStateRecord::name).toList();
            f.registry.states().publishAll(m1, List.of(state("extra.service", "m1")), gone);
            assertThat(f.registry.states().list(null, "m1", 0)).extracting(UnitStateRecord::name)
                    .hasSize(101).contains("extra.service", "u299.service").doesNotContain("u0.service", "u199.service");
        }
    }

    static UnitStateRecord state(String unit, String machineId) {
        return new UnitStateRecord(unit, HASH, machineId, "loaded", "active", "running", "launched");
    }

    private static WatchListener collectDeletes(List<KeyEvent> out) {
        return new WatchListener() {
            @Override
            public void onEvents(List<KeyEvent> events) {
                events.stream().filter(e -> e.type() == KeyEvent.Type.DELETE).forEach(out::add);
            }

            @Override
            public void resync(long revision) {}
        };
    }
}
