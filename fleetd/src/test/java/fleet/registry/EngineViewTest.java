package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The engine's kept view against a real etcd: after any changes it equals a fresh full read. */
class EngineViewTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(15));
    private static final Duration TTL = Duration.ofSeconds(30);

    private RegistryFixture f;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        f.close();
    }

    @Test
    void aKeptViewEqualsAFullReadAfterCreatesUpdatesDeletesAndMachineLoss() {
        UnitFile a = RegistryFixture.unit("a");
        f.registry.units().create("a.service", a, DesiredState.LAUNCHED);
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        f.registry.units().create("c.service", RegistryFixture.unit("c"), DesiredState.LOADED);
        Presence m1 = machine("m1", Map.of("zone", "a"));
        Presence m2 = machine("m2", Map.of("zone", "b"));
        f.registry.publishFailures(m1, Map.of("a.service", List.of(1L, 2L)), List.of());
        f.registry.publishFailures(m2, Map.of("a.service", List.of(3L)), List.of());
        Fence fence = f.leader("engine");
        List<PlacementOp> first = List.of(new PlacementOp.Place("a.service", "m1", a.hash(), DesiredState.LAUNCHED),
                new PlacementOp.SetReasons("c.service", new UnitReasons(Map.of("m1", "no"), "nowhere")));
        f.registry.apply(fence, first);

        EngineView view = f.registry.newView();
        assertThat(withoutRevision(view.current(false))).isEqualTo(withoutRevision(fullRead()));
        assertThat(view.lastWasFullRead()).isTrue();
        watchInto(view);

        UnitFile a2 = RegistryFixture.unit("a, second version");
        UnitFile g = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("X-Fleet", "Global", "true")));
        f.registry.units().replace("a.service", a2, DesiredState.LAUNCHED);
        f.registry.units().setDesiredState("b.service", DesiredState.INACTIVE);
        f.registry.units().delete("c.service");
        f.registry.units().create("d.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED); // a known body
        f.registry.units().create("g.service", g, DesiredState.LAUNCHED);
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "disk", "ssd")));
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "zone", "c")));
        f.registry.machines().updateMetadata(List.of(MetadataChange.remove("m1", "disk")));
        Presence m3 = machine("m3", Map.of());
        f.registry.publishFailures(m1, Map.of("b.service", List.of(4L)), List.of("a.service"));
        f.registry.publishFailures(m3, Map.of("a.service", List.of(5L, 6L)), List.of());
        closing.remove(m2);
        m2.close(); // machine loss: its lease and presence go at once
        List<PlacementOp> second = List.of(new PlacementOp.Unschedule("a.service", "m1"),
                new PlacementOp.Place("a.service", "m3", a2.hash(), DesiredState.LAUNCHED),
                new PlacementOp.Place("d.service", "m1", RegistryFixture.unit("b").hash(), DesiredState.LAUNCHED),
                new PlacementOp.ClearReasons("c.service"),
                new PlacementOp.SetReasons("b.service", new UnitReasons(Map.of(), "inactive")));
        PlacementResult written = f.registry.apply(fence, second);
        view.applied(second, written.lastRevision());

        RegistrySnapshot expected = fullRead();
        assertThat(expected.units()).containsOnlyKeys("a.service", "b.service", "d.service", "g.service");
        assertThat(expected.machines()).containsOnlyKeys("m1", "m3");
        assertThat(expected.machines().get("m1").metadata()).isEqualTo(Map.of("zone", "c"));
        assertThat(expected.failures()).as("m2's went with its lease").containsExactlyInAnyOrder(
                new FailureRecord("b.service", "m1", List.of(4L)), new FailureRecord("a.service", "m3", List.of(5L, 6L)));
        awaitKeptViewEquals(view, expected);
    }

    @Test
    void aCompactedWatchMakesTheViewReadEverythingAgainAndKeepItselfAfterwards() {
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        machine("m1", Map.of());
        EngineView view = f.registry.newView();
        view.current(false);
        long from = view.readRevision() + 1;

        // changes the watch will never see: etcd compacts them away before it starts
        f.registry.units().create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        f.registry.units().delete("a.service");
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "zone", "z")));
        f.etcd.await(f.client.getKVClient().compact(f.registry.revision()), "compact");
        WatchRecorder resyncs = watchInto(view, from);

        await().atMost(WAIT).until(() -> resyncs.resyncs.size() == EngineView.WATCHED.size());
        RegistrySnapshot afterResync = view.current(false);
        assertThat(view.lastWasFullRead()).isTrue();
        assertThat(afterResync.units()).containsOnlyKeys("b.service");
        assertThat(withoutRevision(afterResync)).isEqualTo(withoutRevision(fullRead()));

        f.registry.units().create("c.service", RegistryFixture.unit("c"), DesiredState.LAUNCHED);
        f.registry.machines().updateMetadata(List.of(MetadataChange.set("m1", "zone", "y")));
        awaitKeptViewEquals(view, fullRead());
    }

    @Test
    void aChangeOfferedFromBeforeTheFullReadIsNotAppliedTwice() {
        f.registry.units().create("a.service", RegistryFixture.unit("a"), DesiredState.LAUNCHED);
        long deletedAt = f.registry.units().delete("a.service");
        long recreatedAt = f.registry.units().create("a.service", RegistryFixture.unit("a2"), DesiredState.LAUNCHED);
        EtcdEngineView view = (EtcdEngineView) f.registry.newView();
        view.current(false);
        // a watch running late delivers the delete, which the full read already covers
        view.offer(List.of(new KeyEvent(KeyEvent.Type.DELETE, "units/a.service", "", deletedAt)));
        assertThat(deletedAt).isLessThan(recreatedAt);
        assertThat(view.current(false).units()).containsOnlyKeys("a.service");
        assertThat(view.lastWasFullRead()).isFalse();
    }

    private void awaitKeptViewEquals(EngineView view, RegistrySnapshot expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            RegistrySnapshot kept = view.current(false);
            assertThat(view.lastWasFullRead()).isFalse();
            assertThat(withoutRevision(kept)).isEqualTo(withoutRevision(expected));
        });
    }

    private RegistrySnapshot fullRead() {
        return f.registry.snapshot(0);
    }

    private static RegistrySnapshot withoutRevision(RegistrySnapshot s) {
        return new RegistrySnapshot(0, s.units(), s.schedule(), s.reasons(), s.machines(), s.failures(),
                s.completions());
    }

    private Presence machine(String id, Map<String, String> metadata) {
        Presence p = f.registry.register(SnapshotReaderTest.machine(id, "10.0.0." + (closing.size() + 1), metadata),
                TTL, new PresenceListener() {});
        closing.add(p);
        return p;
    }

    private void watchInto(EngineView view) {
        watchInto(view, view.readRevision() + 1);
    }

    /** The engine's watches, with the engine's own listener (recorded on the way). */
    private WatchRecorder watchInto(EngineView view, long from) {
        WatchRecorder recorder = new WatchRecorder(view.listener(() -> { }));
        for (String prefix : EngineView.WATCHED) {
            closing.add(f.registry.watch(prefix, from, recorder));
        }
        return recorder;
    }
}
