package fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.observe.Timing;
import fleet.testing.EtcdExtension;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/**
 * {@link UnitStore}'s changes from the unit as last seen ({@link LastSeenUnits}): one transaction when
 * the guess holds, and never a write of a stale guess. Two stores on one prefix stand for two fleetds
 * (or the API and another writer): each only knows what it wrote itself.
 */
class OneTxnChangeTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private RegistryFixture f;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private UnitStore counted;
    private UnitStore other;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        RegistryMetrics metrics = new RegistryMetrics() {
            @Override
            public Timing etcdRequest(String what) {
                requests.add(what);
                return Timing.NONE;
            }
        };
        counted = new UnitStore(new Etcd(f.client, f.prefix, RegistryFixture.timeout(), metrics));
        other = new UnitStore(new Etcd(f.client, f.prefix, RegistryFixture.timeout()));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aDesiredStateAfterOwnCreateIsOneTransaction() {
        counted.create("a.service", RegistryFixture.unit("a"), DesiredState.INACTIVE);
        requests.clear();

        counted.setDesiredState("a.service", DesiredState.LAUNCHED);
        counted.setDesiredState("a.service", DesiredState.INACTIVE);

        assertThat(requests).containsExactly("set desired state of a.service", "set desired state of a.service");
        assertThat(other.get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);
    }

    @Test
    void aStaleGuessFailsItsCompareAndTheRetryStartsFromWhatThatTransactionRead() {
        UnitFile first = RegistryFixture.unit("first");
        UnitFile second = RegistryFixture.unit("second");
        counted.create("s.service", first, DesiredState.INACTIVE);
        other.replace("s.service", second, DesiredState.LAUNCHED); // counted still guesses the first version
        requests.clear();

        counted.setDesiredState("s.service", DesiredState.INACTIVE);

        // the failed compare read the unit in the same round trip: no separate read
        assertThat(requests).containsExactly("set desired state of s.service", "set desired state of s.service");
        StoredUnit u = other.get("s.service").orElseThrow();
        assertThat(u.hash()).isEqualTo(second.hash()); // the stale record was not written back
        assertThat(u.desiredState()).isEqualTo(DesiredState.INACTIVE);
        assertThat(f.keys("bodies/")).containsExactly("bodies/" + second.hash().hex());
    }

    @Test
    void aUnitDeletedBehindTheGuessIsNotFoundAndStaysDeleted() {
        counted.create("d.service", RegistryFixture.unit("d"), DesiredState.LAUNCHED);
        other.delete("d.service");

        assertThatThrownBy(() -> counted.setDesiredState("d.service", DesiredState.INACTIVE))
                .isInstanceOf(UnitNotFoundException.class);
        assertThat(f.keys("")).isEmpty(); // neither the unit nor its body came back
    }

    @Test
    void aReplaceFromAGuessReadsFirstSoTheOldBodyIsReleasedCorrectly() {
        UnitFile shared = RegistryFixture.unit("shared");
        counted.create("r1.service", shared, DesiredState.LAUNCHED);
        other.create("r2.service", shared, DesiredState.LAUNCHED);

        counted.replace("r1.service", RegistryFixture.unit("own"), DesiredState.LAUNCHED);
        other.delete("r2.service");

        assertThat(f.keys("bodies/")).containsExactly("bodies/" + RegistryFixture.unit("own").hash().hex());
    }

    @Test
    void aStaleGuessThatWouldRefuseTheChangeIsNotTheOneThatDecides() {
        counted.create("g.service", RegistryFixture.unit("plain"), DesiredState.LAUNCHED); // guessed not global
        UnitFile v1 = global("/bin/sleep 1001");
        UnitFile v2 = global("/bin/sleep 1002");
        other.replace("g.service", v1, DesiredState.LAUNCHED);

        counted.rollout("g.service", v2, List.of("m1", "m2"), List.of("m1"), 1);

        assertThat(other.get("g.service").orElseThrow().record().rollout().hash()).isEqualTo(v2.hash());
    }

    private static UnitFile global(String exec) {
        return UnitFile.of(List.of(new UnitOption("Service", "ExecStart", exec),
                new UnitOption("X-Fleet", "Global", "true")));
    }

    @Test
    void concurrentDesiredStatesFromStaleGuessesNeverUndoAConcurrentReplace() throws Exception {
        UnitFile first = RegistryFixture.unit("v1");
        UnitFile second = RegistryFixture.unit("v2");
        counted.create("c.service", first, DesiredState.INACTIVE);
        other.setDesiredState("c.service", DesiredState.LAUNCHED); // both stores now guess a version of v1
        AtomicInteger done = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (UnitStore store : List.of(counted, other, counted, other)) {
            writers.add(new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    DesiredState state = i % 2 == 0 ? DesiredState.LAUNCHED : DesiredState.INACTIVE;
                    despiteContention(() -> store.setDesiredState("c.service", state));
                    done.incrementAndGet();
                }
            }));
        }
        writers.forEach(Thread::start);
        while (done.get() < 20) {
            Thread.onSpinWait();
        }
        UnitStore third = new UnitStore(new Etcd(f.client, f.prefix, RegistryFixture.timeout()));
        despiteContention(() -> third.replace("c.service", second, DesiredState.LAUNCHED));
        for (Thread t : writers) {
            t.join();
        }

        assertThat(done.get()).isEqualTo(100);
        assertThat(other.get("c.service").orElseThrow().hash()).isEqualTo(second.hash());
        assertThat(f.keys("bodies/")).containsExactly("bodies/" + second.hash().hex());
        assertThat(f.keys("body-refs/")).containsExactly("body-refs/" + second.hash().hex() + "/c.service");
    }

    /** Five writers in tight loops may lose 20 compares in a row: the change is tried again, as a client would. */
    private static void despiteContention(Runnable change) {
        while (true) {
            try {
                change.run();
                return;
            } catch (ContentionException e) {
                Thread.onSpinWait();
            }
        }
    }
}
