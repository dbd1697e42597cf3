package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/** The API's catalog from memory: as fresh as etcd, consistent pages, and etcd read only when it must be. */
class CatalogCacheTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private RegistryFixture f;
    private CatalogCache cache;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        cache = f.registry.catalogCache();
    }

    @AfterEach
    void tearDown() {
        cache.close();
        f.close();
    }

    @Test
    void aReadRightAfterAWriteSeesItFromMemory() {
        assertThat(cache.unitDetail("a.service")).isEmpty(); // the first read reads everything and starts the watch
        UnitFile a = RegistryFixture.unit("a");
        cache.units().create("a.service", a, DesiredState.LAUNCHED);
        assertThat(cache.unitDetail("a.service")).get().satisfies(d -> {
            assertThat(d.unit().file()).isEqualTo(a);
            assertThat(d.unit().desiredState()).isEqualTo(DesiredState.LAUNCHED);
        });
        cache.units().setDesiredState("a.service", DesiredState.INACTIVE);
        assertThat(cache.unitDetail("a.service").orElseThrow().unit().desiredState()).isEqualTo(DesiredState.INACTIVE);
        cache.units().delete("a.service");
        assertThat(cache.unitDetail("a.service")).isEmpty();
        assertThat(cache.readsFromEtcd()).isZero();
    }

    @Test
    void theWatchTellsTheUnitStoreWhatAnotherWriterDidSoItsNextChangeComparesOnThat() {
        assertThat(cache.unitDetail("w.service")).isEmpty(); // starts the watch
        UnitStore elsewhere = new UnitStore(f.etcd); // another fleetd's API: its writes reach this cache by the watch
        long created = elsewhere.create("w.service", RegistryFixture.unit("w"), DesiredState.INACTIVE);
        long changed = elsewhere.setDesiredState("w.service", DesiredState.LAUNCHED);

        await().atMost(RegistryFixture.timeout()).untilAsserted(() ->
                assertThat(cache.units().lastSeen().get("w.service")).get().extracting(StoredKey::modRevision)
                        .isEqualTo(changed));
        assertThat(changed).isGreaterThan(created);
        cache.units().setDesiredState("w.service", DesiredState.INACTIVE);
        assertThat(elsewhere.get("w.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);

        elsewhere.delete("w.service");
        await().atMost(RegistryFixture.timeout()).untilAsserted(() ->
                assertThat(cache.units().lastSeen().get("w.service")).isEmpty());
    }

    @Test
    void aBodyDeletedWithItsLastUnitIsBackWithTheNextUnitThatHasIt() {
        UnitFile a = RegistryFixture.unit("a");
        cache.units().create("a.service", a, DesiredState.LAUNCHED);
        assertThat(cache.unitDetail("a.service")).isPresent();
        cache.units().delete("a.service");
        assertThat(cache.unitDetail("a.service")).isEmpty();
        cache.units().create("b.service", a, DesiredState.LAUNCHED);
        cache.units().setDesiredState("b.service", DesiredState.INACTIVE);
        assertThat(cache.unitDetail("b.service")).get().extracting(d -> d.unit().file()).isEqualTo(a);
        assertThat(cache.readsFromEtcd()).isZero();
    }

    @Test
    void aWriteOutsideThePrefixDoesNotSendReadsToEtcd() {
        cache.revision();
        f.leader("elsewhere"); // raises etcd's revision with no change under the prefix: nothing to wait for
        assertThat(cache.snapshot(0).units()).isEmpty();
        assertThat(cache.readsFromEtcd()).isZero();
    }

    @Test
    void placementsReasonsStatesAndMachinesFollowTheirKeys() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        cache.revision();
        f.registry.apply(f.leader("engine"), List.of(new PlacementOp.Place("a.service", "m1", a.hash(),
                DesiredState.LAUNCHED), new PlacementOp.SetReasons("b.service", new UnitReasons(Map.of(), "waiting"))));
        try (Presence p = f.registry.register(new MachineInfo("m1", "10.0.0.1", Map.of("zone", "a"), "1", null, false),
                Duration.ofSeconds(10), new PresenceListener() {})) {
            f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "ssd")));
            f.registry.publishStates(p, List.of(new UnitStateRecord("a.service", a.hash(), "m1", "loaded", "active",
                    "running", "launched")), List.of());

            UnitDetail d = cache.unitDetail("a.service").orElseThrow();
            assertThat(d.placement()).isEqualTo("m1");
            assertThat(d.states()).extracting(UnitStateRecord::activeState).containsExactly("active");
            assertThat(cache.reasons("b.service", 0)).get().extracting(UnitReasons::summary).isEqualTo("waiting");
            assertThat(cache.machineList(0).get("m1").metadata()).containsEntry("disk", "ssd").containsEntry("zone", "a");
            assertThat(cache.unitStates(null, "m2", 0)).isEmpty();
            assertThat(cache.readsFromEtcd()).isZero();

            f.registry.publishStates(p, List.of(), List.of("a.service"));
            assertThat(cache.unitDetail("a.service").orElseThrow().states()).isEmpty();
        }
    }

    @Test
    void aLaterPageIsReadAtTheFirstPagesRevision() {
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        long first = cache.snapshot(0).revision();

        assertThat(cache.snapshot(first).units()).containsOnlyKeys("a.service");
        assertThat(cache.readsFromEtcd()).as("nothing changed: served from memory").isZero();

        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        assertThat(cache.snapshot(0).units()).containsOnlyKeys("a.service", "b.service");
        assertThat(cache.snapshot(first).units()).as("read from etcd at the first page's revision")
                .containsOnlyKeys("a.service");
        assertThat(cache.readsFromEtcd()).isEqualTo(1);
    }

    @Test
    void theFeedSignalsEachChangeAndNamesTheOldestCandidacyAsLeader() throws Exception {
        Semaphore signals = new Semaphore(0);
        assertThat(cache.feed()).isSameAs(cache);
        assertThat(cache.picture().leader()).as("no candidacy yet").isEmpty(); // starts the watch
        try (AutoCloseable handle = cache.onChange(signals::release)) {
            candidacy("0a", "m-first");
            assertThat(signals.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            candidacy("0b", "m-second");
            assertThat(signals.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.picture().leader()).isEqualTo("m-first");

            f.client.getKVClient().delete(Etcd.bytes(f.prefix + "engine/leader/0a")).get();
            assertThat(signals.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.picture().leader()).isEqualTo("m-second");
            assertThat(f.registry.feed().picture().leader()).as("read from etcd").isEqualTo("m-second");
        }
        candidacy("0c", "m-third");
        assertThat(signals.tryAcquire(1, TimeUnit.SECONDS)).as("closed: no more signals").isFalse();
    }

    /** A candidacy as etcd's Election API writes it: {@code engine/leader/<lease>} = the machine ID. */
    private void candidacy(String lease, String machineId) throws Exception {
        f.client.getKVClient().put(Etcd.bytes(f.prefix + "engine/leader/" + lease), Etcd.bytes(machineId)).get();
    }
}
