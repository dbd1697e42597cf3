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

class UnitStoreTest {
    @RegisterExtension
    static EtcdExtension etcdServer = new EtcdExtension();

    private RegistryFixture f;
    private UnitStore units;

    @BeforeEach
    void setUp() {
        f = new RegistryFixture(etcdServer);
        units = f.registry.units();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void createThenGetReturnsTheUnitWithItsBody() {
        UnitFile file = RegistryFixture.unit("hello");
        units.create("hello.service", file, DesiredState.LAUNCHED);

        StoredUnit u = units.get("hello.service").orElseThrow();
        assertThat(u.file()).isEqualTo(file);
        assertThat(u.hash()).isEqualTo(file.hash());
        assertThat(u.desiredState()).isEqualTo(DesiredState.LAUNCHED);
        assertThat(u.global()).isFalse();
        assertThat(units.get("other.service")).isEmpty();
    }

    @Test
    void createAllIsAllOrNothingPerTransactionAndReturnsTheNamesOfOneThatFoundANameTaken() {
        List<NewUnit> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) { // 3 operations each: 42 fit the first transaction, 8 the second
            many.add(new NewUnit("u" + i + ".service", RegistryFixture.unit("u" + i), DesiredState.LAUNCHED));
        }
        units.create("u45.service", RegistryFixture.unit("taken"), DesiredState.INACTIVE);

        List<String> notCreated = units.createAll(many);

        assertThat(notCreated).hasSize(8).contains("u42.service", "u49.service");
        assertThat(units.get("u0.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LAUNCHED);
        assertThat(units.get("u41.service")).isPresent();
        assertThat(units.get("u44.service")).isEmpty();
        assertThat(units.get("u45.service").orElseThrow().file()).isEqualTo(RegistryFixture.unit("taken"));
        assertThat(units.records(List.of("u0.service", "u44.service", "u45.service")).keySet())
                .containsExactlyInAnyOrder("u0.service", "u45.service");
    }

    @Test
    void storedJsonUsesTheDocumentedFieldNames() {
        UnitFile file = RegistryFixture.unit("json");
        units.create("json.service", file, DesiredState.LOADED);
        String value = f.etcd.get("units/json.service", 0).single().orElseThrow().value();
        assertThat(value).isEqualTo("{\"name\":\"json.service\",\"hash\":\"" + file.hash().hex()
                + "\",\"desiredState\":\"loaded\",\"global\":false}");
        String body = f.etcd.get("bodies/" + file.hash().hex(), 0).single().orElseThrow().value();
        assertThat(body).startsWith("{\"options\":[{\"section\":\"Unit\",\"name\":\"Description\",\"value\":\"json\"}");
    }

    @Test
    void createRefusesAnExistingNameAndChangesNothing() {
        units.create("a.service", RegistryFixture.unit("one"), DesiredState.INACTIVE);
        assertThatThrownBy(() -> units.create("a.service", RegistryFixture.unit("two"), DesiredState.LAUNCHED))
                .isInstanceOf(UnitExistsException.class).hasMessageContaining("a.service");
        assertThat(units.get("a.service").orElseThrow().file()).isEqualTo(RegistryFixture.unit("one"));
        assertThat(f.keys("bodies/")).hasSize(1);
    }

    @Test
    void invalidNamesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> units.create("../etc.service", RegistryFixture.unit("x"), DesiredState.INACTIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid character '/'");
        assertThat(f.keys("")).isEmpty();
    }

    @Test
    void identicalBodiesAreStoredOnce() {
        UnitFile same = RegistryFixture.unit("same");
        units.create("a@1.service", same, DesiredState.LAUNCHED);
        units.create("a@2.service", same, DesiredState.LAUNCHED);
        assertThat(f.keys("bodies/")).containsExactly("bodies/" + same.hash().hex());
        assertThat(f.keys("body-refs/")).hasSize(2);
    }

    @Test
    void replaceDeletesTheOldBodyOnlyWhenNoOtherUnitUsesIt() {
        UnitFile shared = RegistryFixture.unit("shared");
        UnitFile next = RegistryFixture.unit("next");
        units.create("a.service", shared, DesiredState.LAUNCHED);
        units.create("b.service", shared, DesiredState.LAUNCHED);

        units.replace("a.service", next, DesiredState.LOADED);
        assertThat(f.keys("bodies/")).containsExactlyInAnyOrder("bodies/" + shared.hash().hex(),
                "bodies/" + next.hash().hex());

        units.replace("b.service", next, DesiredState.LOADED);
        assertThat(f.keys("bodies/")).containsExactly("bodies/" + next.hash().hex());
        assertThat(units.get("b.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LOADED);
        assertThat(f.keys("body-refs/")).allMatch(k -> k.startsWith("body-refs/" + next.hash().hex() + "/"));
    }

    @Test
    void deleteRemovesTheUnitAndItsLastBody() {
        UnitFile shared = RegistryFixture.unit("shared");
        units.create("a.service", shared, DesiredState.LAUNCHED);
        units.create("b.service", shared, DesiredState.LAUNCHED);

        units.delete("a.service");
        assertThat(units.get("a.service")).isEmpty();
        assertThat(f.keys("bodies/")).hasSize(1);

        units.delete("b.service");
        assertThat(f.keys("")).isEmpty();
        assertThatThrownBy(() -> units.delete("b.service")).isInstanceOf(UnitNotFoundException.class);
    }

    @Test
    void setDesiredStateKeepsTheBody() {
        UnitFile file = RegistryFixture.unit("x");
        units.create("x.service", file, DesiredState.INACTIVE);
        units.setDesiredState("x.service", DesiredState.LAUNCHED);
        StoredUnit u = units.get("x.service").orElseThrow();
        assertThat(u.desiredState()).isEqualTo(DesiredState.LAUNCHED);
        assertThat(u.file()).isEqualTo(file);
        assertThatThrownBy(() -> units.setDesiredState("y.service", DesiredState.LAUNCHED))
                .isInstanceOf(UnitNotFoundException.class).hasMessage("unit y.service does not exist");
    }

    @Test
    void globalUnitsAreIndexedAndLeaveTheIndexWhenTheyStopBeingGlobal() {
        UnitFile global = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("X-Fleet", "Global", "Yes")));
        units.create("g.service", global, DesiredState.LAUNCHED);
        assertThat(units.get("g.service").orElseThrow().global()).isTrue();
        assertThat(f.keys("global/")).containsExactly("global/g.service");

        units.replace("g.service", RegistryFixture.unit("plain"), DesiredState.LAUNCHED);
        assertThat(f.keys("global/")).isEmpty();
    }

    @Test
    void aQuotedGlobalIsIndexedAsTheEngineAndTheAgentsReadIt() {
        UnitFile quoted = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
                new UnitOption("X-Fleet", "Global", "\"true\"")));
        units.create("q.service", quoted, DesiredState.LAUNCHED);
        assertThat(units.get("q.service").orElseThrow().global()).isTrue();
        assertThat(f.keys("global/")).containsExactly("global/q.service");
    }

    @Test
    void listReadsAllUnitsAtOneRevision() {
        units.create("a.service", RegistryFixture.unit("a"), DesiredState.INACTIVE);
        long rev = units.create("b.service", RegistryFixture.unit("b"), DesiredState.LAUNCHED);
        UnitListing listing = units.list();
        assertThat(listing.revision()).isEqualTo(rev);
        assertThat(listing.units()).extracting(StoredUnit::name).containsExactly("a.service", "b.service");
    }

    @Test
    void concurrentReplacesOfUnitsSharingABodyNeverLoseTheBodyOrLeakIt() throws Exception {
        UnitFile shared = RegistryFixture.unit("shared");
        int n = 8;
        for (int i = 0; i < n; i++) {
            units.create("c@" + i + ".service", shared, DesiredState.LAUNCHED);
        }
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "c@" + i + ".service";
            UnitFile own = RegistryFixture.unit("own " + i);
            Thread t = new Thread(() -> units.replace(name, own, DesiredState.LAUNCHED));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(f.keys("bodies/")).hasSize(n).doesNotContain("bodies/" + shared.hash().hex());
        for (StoredUnit u : units.list().units()) {
            assertThat(f.keys("bodies/")).contains("bodies/" + u.hash().hex());
        }
    }
}
