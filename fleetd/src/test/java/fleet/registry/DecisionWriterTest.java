package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.registry.PlacementOp.ClearReasons;
import fleet.registry.PlacementOp.Place;
import fleet.registry.PlacementOp.SetReasons;
import fleet.registry.PlacementOp.Unschedule;
import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

class DecisionWriterTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private static final UnitHash HASH = RegistryFixture.unit("x").hash();
    private RegistryFixture f;
    private DecisionWriter writer;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        writer = new DecisionWriter(f.etcd);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void placeWritesTheScheduleKeyAndThePlacementIndexInOneTransaction() {
        Fence fence = f.leader("engine");
        PlacementResult r = writer.apply(fence, List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED)));
        assertThat(r).isEqualTo(new PlacementResult(1, 1, r.lastRevision()));
        assertThat(f.etcd.get("schedule/m1/a.service", 0).single().orElseThrow().value())
                .isEqualTo("{\"name\":\"a.service\",\"hash\":\"" + HASH.hex() + "\",\"desiredState\":\"launched\"}");
        StoredKey placement = f.etcd.get("placement/a.service", 0).single().orElseThrow();
        assertThat(placement.value()).isEqualTo("\"m1\"");
        assertThat(placement.modRevision()).isEqualTo(r.lastRevision());
    }

    @Test
    void aStaleFenceWritesNothing() {
        Fence fence = f.leader("engine");
        Fence stale = new Fence(fence.key(), fence.createRevision() - 1);
        assertThatThrownBy(() -> writer.apply(stale, List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED))))
                .isInstanceOf(FenceLostException.class).hasMessageContaining(fence.key());
        assertThat(f.keys("")).isEmpty();
    }

    @Test
    void aFenceWhoseKeyWasDeletedAndRecreatedIsRefused() {
        Fence fence = f.leader("engine");
        f.etcd.await(f.client.getKVClient().delete(Etcd.bytes(fence.key())), "delete");
        assertThatThrownBy(() -> writer.apply(fence, List.of(new ClearReasons("a.service"))))
                .isInstanceOf(FenceLostException.class);
        f.etcd.await(f.client.getKVClient().put(Etcd.bytes(fence.key()), Etcd.bytes("again")), "re-create");

        assertThatThrownBy(() -> writer.apply(fence, List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED))))
                .isInstanceOf(FenceLostException.class)
                .satisfies(e -> assertThat(((FenceLostException) e).committedOps()).isZero());
        assertThat(f.keys("")).isEmpty();
    }

    @Test
    void moreThan128EtcdOperationsAreSplitIntoSeveralTransactions() {
        Fence fence = f.leader("engine");
        List<PlacementOp> ops = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ops.add(new Place("u" + i + ".service", "m" + (i % 3), HASH, DesiredState.LAUNCHED));
        }
        PlacementResult r = writer.apply(fence, ops);
        // 150 placements = 300 etcd puts, 64 placements (128 puts) per transaction
        assertThat(r.transactions()).isEqualTo(3);
        assertThat(r.committedOps()).isEqualTo(150);
        assertThat(f.keys("schedule/")).hasSize(150);
        assertThat(f.keys("placement/")).hasSize(150);
    }

    @Test
    void losingTheFenceMidwayReportsWhatEarlierTransactionsCommitted() {
        Fence fence = f.leader("engine");
        List<PlacementOp> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ops.add(new Place("u" + i + ".service", "m1", HASH, DesiredState.LAUNCHED));
        }
        DecisionWriter small = new DecisionWriter(f.etcd, 4);
        small.apply(fence, ops.subList(0, 2));
        f.etcd.await(f.client.getKVClient().delete(Etcd.bytes(fence.key())), "depose");
        assertThatThrownBy(() -> small.apply(fence, ops)).isInstanceOf(FenceLostException.class);
        assertThat(f.keys("schedule/")).hasSize(2);
    }

    @Test
    void aMoveInOneCallKeepsThePlacementIndexWhateverTheOrder() {
        Fence fence = f.leader("engine");
        writer.apply(fence, List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED),
                new SetReasons("b.service", new UnitReasons(Map.of("m1", "conflicts with a.service"), "no machine"))));

        writer.apply(fence, List.of(new Place("a.service", "m2", HASH, DesiredState.LAUNCHED),
                new Unschedule("a.service", "m1"), new ClearReasons("b.service")));

        assertThat(f.keys("schedule/")).containsExactly("schedule/m2/a.service");
        assertThat(f.etcd.get("placement/a.service", 0).single().orElseThrow().value()).isEqualTo("\"m2\"");
        assertThat(f.keys("reasons/")).isEmpty();

        writer.apply(fence, List.of(new Unschedule("a.service", "m2")));
        assertThat(f.keys("")).isEmpty();
    }

    @Test
    void placingOneUnitTwiceInOneCallIsRefusedBeforeWriting() {
        Fence fence = f.leader("engine");
        assertThatThrownBy(() -> writer.apply(fence, List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED),
                new Place("a.service", "m2", HASH, DesiredState.LAUNCHED))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("placed twice");
        assertThat(f.keys("")).isEmpty();
    }


    @Test
    void aStreamSendsFullTransactionsAtOnceAndTheRestAtFinish() {
        Fence fence = f.leader("engine");
        PlacementStream stream = writer.stream(fence);
        List<Place> first = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            first.add(new Place("u" + i + ".service", "m1", HASH, DesiredState.LAUNCHED));
        }
        stream.send(first);
        // 64 placements fill one transaction: it is on its way before finish
        awaitKeys("schedule/", 64);

        stream.send(List.of(new Place("last.service", "m2", HASH, DesiredState.LAUNCHED)));
        PlacementResult r = stream.finish();

        assertThat(r.committedOps()).isEqualTo(65);
        assertThat(r.transactions()).isEqualTo(2);
        assertThat(f.keys("placement/")).hasSize(65);
        assertThat(f.etcd.get("placement/last.service", 0).single().orElseThrow().modRevision()).isEqualTo(r.lastRevision());
    }

    @Test
    void aStreamUnderALostFenceWritesNothingMoreAndSaysSoAtFinish() {
        Fence fence = f.leader("engine");
        DecisionWriter small = new DecisionWriter(f.etcd, 4);
        PlacementStream stream = small.stream(fence);
        stream.send(List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED),
                new Place("b.service", "m1", HASH, DesiredState.LAUNCHED)));
        awaitKeys("schedule/", 2);
        f.etcd.await(f.client.getKVClient().delete(Etcd.bytes(fence.key())), "depose");
        stream.send(List.of(new Place("c.service", "m1", HASH, DesiredState.LAUNCHED),
                new Place("d.service", "m1", HASH, DesiredState.LAUNCHED)));

        assertThatThrownBy(stream::finish).isInstanceOf(FenceLostException.class)
                .satisfies(e -> assertThat(((FenceLostException) e).committedOps()).isEqualTo(2));
        assertThat(f.keys("schedule/")).containsExactlyInAnyOrder("schedule/m1/a.service", "schedule/m1/b.service");
    }

    @Test
    void aStreamRefusesToPlaceAUnitTwice() {
        PlacementStream stream = writer.stream(f.leader("engine"));
        stream.send(List.of(new Place("a.service", "m1", HASH, DesiredState.LAUNCHED)));
        assertThatThrownBy(() -> stream.send(List.of(new Place("a.service", "m2", HASH, DesiredState.LAUNCHED))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits (bounded) until etcd holds {@code count} keys under {@code prefix}. */
    private void awaitKeys(String prefix, int count) {
        long deadline = System.nanoTime() + fleet.testing.TestEnv.scaled(java.time.Duration.ofSeconds(10)).toNanos();
        while (f.keys(prefix).size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(f.keys(prefix)).hasSize(count);
    }
}
