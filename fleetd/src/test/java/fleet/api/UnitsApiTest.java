package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.PlacementOp;
import fleet.registry.Presence;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitStateRecord;
import fleet.testing.EtcdExtension;
import fleet.testing.TestEnv;
import fleet.unit.DesiredState;

/**
 * PUT / GET / DELETE of units over the real unix socket against a real etcd (reference §6.2-§6.4), and
 * our PUT of a global unit's rollout.
 */
class UnitsApiTest {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private ApiFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ApiFixture(etcd, 100);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static String unitJson(String name, String desired, String description) {
        return "{" + (name == null ? "" : "\"name\":\"" + name + "\",")
                + (desired == null ? "" : "\"desiredState\":\"" + desired + "\",")
                + "\"options\":[{\"section\":\"Unit\",\"name\":\"Description\",\"value\":\"" + description + "\"},"
                + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 1000\"}]}";
    }

    @Test
    void createReturns201AndGetShowsTheUnitWithFleetFieldNames() throws Exception {
        var r = f.putJson("/fleet/v1/units/web.service", unitJson("web.service", "launched", "web"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEmpty();

        JsonNode u = f.get("/fleet/v1/units/web.service").json();
        assertThat(u.get("name").asText()).isEqualTo("web.service");
        assertThat(u.get("desiredState").asText()).isEqualTo("launched");
        assertThat(u.get("currentState").asText()).isEqualTo("inactive");
        assertThat(u.has("machineID")).isFalse();
        assertThat(u.has("reasons")).isFalse();
        assertThat(u.get("options")).hasSize(2);
        assertThat(u.get("options").get(1).toString())
                .isEqualTo("{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 1000\"}");
    }

    @Test
    void anEmptyBodyNameTakesTheUrlsAndAMissingDesiredStateIsInactive() throws Exception {
        assertThat(f.putJson("/fleet/v1/units/a.service", unitJson(null, null, "a")).status()).isEqualTo(201);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);
    }

    @Test
    void replacingWithOtherOptionsIs201WithANewHashAndTheBodysDesiredStateOrInactive() throws Exception {
        f.putJson("/fleet/v1/units/a.service", unitJson("a.service", "launched", "v1"));
        StoredUnit v1 = f.registry.units().get("a.service").orElseThrow();

        assertThat(f.putJson("/fleet/v1/units/a.service", unitJson("a.service", null, "v2")).status()).isEqualTo(201);
        StoredUnit v2 = f.registry.units().get("a.service").orElseThrow();
        assertThat(v2.hash()).isNotEqualTo(v1.hash());
        assertThat(v2.desiredState()).isEqualTo(DesiredState.INACTIVE);
        assertThat(v2.file().description()).isEqualTo("v2");

        assertThat(f.putJson("/fleet/v1/units/a.service", unitJson("a.service", "loaded", "v3")).status()).isEqualTo(201);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LOADED);
    }

    @Test
    void aDesiredStateChangeIs204AndAnyStateMayBeSetDirectly() throws Exception {
        f.putJson("/fleet/v1/units/a.service", unitJson("a.service", "inactive", "a"));
        var r = f.putJson("/fleet/v1/units/a.service", "{\"desiredState\":\"launched\"}");
        assertThat(r.status()).isEqualTo(204);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LAUNCHED);

        // same options (same hash) plus a desired state: a state change, not a replace
        StoredUnit before = f.registry.units().get("a.service").orElseThrow();
        assertThat(f.putJson("/fleet/v1/units/a.service", unitJson("a.service", "inactive", "a")).status())
                .isEqualTo(204);
        StoredUnit after = f.registry.units().get("a.service").orElseThrow();
        assertThat(after.hash()).isEqualTo(before.hash());
        assertThat(after.desiredState()).isEqualTo(DesiredState.INACTIVE);
    }

    @Test
    void concurrentPutsAllLandAndOneNamePutByManyIsCreatedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> distinct = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "u" + i + ".service";
                distinct.add(pool.submit(() -> f.putJson("/fleet/v1/units/" + name,
                        unitJson(name, "launched", "same body")).status()));
            }
            List<Future<Integer>> same = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                same.add(pool.submit(() -> f.putJson("/fleet/v1/units/twin.service",
                        unitJson("twin.service", "launched", "twin")).status()));
            }
            for (Future<Integer> r : distinct) {
                assertThat(r.get(TestEnv.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS))
                        .isEqualTo(201);
            }
            List<Integer> twin = new ArrayList<>();
            for (Future<Integer> r : same) {
                twin.add(r.get(TestEnv.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS));
            }
            // one PUT created it; the others found it with the same hash and set the desired state
            assertThat(twin).containsOnly(201, 204).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.registry.units().list().units()).hasSize(41)
                .allMatch(u -> u.desiredState() == DesiredState.LAUNCHED);
        JsonNode page = f.get("/fleet/v1/units").json();
        assertThat(page.get("units")).hasSize(41);
    }

    @Test
    void aPutWithOptionsRacingDeletesAlwaysCreatesOrUpdatesTheUnit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.ConcurrentHashMap<Integer, Integer> putStatuses = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ConcurrentHashMap<Integer, Integer> deleteStatuses = new java.util.concurrent.ConcurrentHashMap<>();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        int st = f.putJson("/fleet/v1/units/racy.service", unitJson("racy.service", "launched", "r")).status();
                        putStatuses.merge(st, 1, Integer::sum);
                    }
                    return null;
                }));
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        int st = f.delete("/fleet/v1/units/racy.service").status();
                        deleteStatuses.merge(st, 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> l : loops) {
                l.get(TestEnv.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(putStatuses.keySet()).as("PUT statuses under concurrent DELETEs: " + putStatuses)
                .isSubsetOf(201, 204);
        assertThat(deleteStatuses.keySet()).as("DELETE statuses under concurrent PUTs (503: retry, nothing done): "
                + deleteStatuses).isSubsetOf(204, 404, 503);
    }

    @Test
    void conflictsAre409AsFleet() throws Exception {
        var noOptions = f.putJson("/fleet/v1/units/new.service", "{\"desiredState\":\"launched\"}");
        assertThat(noOptions.status()).isEqualTo(409);
        assertThat(noOptions.errorMessage()).isEqualTo("unit does not exist and options field empty");
        assertThat(f.registry.units().get("new.service")).isEmpty();

        f.putJson("/fleet/v1/units/a.service", unitJson("a.service", "loaded", "a"));
        var noState = f.putJson("/fleet/v1/units/a.service", "{}");
        assertThat(noState.status()).isEqualTo(409);
        assertThat(noState.errorMessage()).isEqualTo("must provide DesiredState to update existing unit");
        var sameOptionsNoState = f.putJson("/fleet/v1/units/a.service", unitJson(null, null, "a"));
        assertThat(sameOptionsNoState.status()).isEqualTo(409);
        assertThat(f.registry.units().get("a.service").orElseThrow().desiredState()).isEqualTo(DesiredState.LOADED);
    }

    @Test
    void aPutWithoutJsonContentTypeIs415() throws Exception {
        var none = f.send("PUT", "/fleet/v1/units/a.service", Map.of(), unitJson(null, "launched", "a"));
        assertThat(none.status()).isEqualTo(415);
        assertThat(none.errorMessage()).isEqualTo("expected 1 Content-Type, got 0");
        var text = f.send("PUT", "/fleet/v1/units/a.service", Map.of("Content-Type", "text/plain"),
                unitJson(null, "launched", "a"));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.errorMessage()).isEqualTo("only acceptable Content-Type is application/json");
        var withCharset = f.send("PUT", "/fleet/v1/units/a.service",
                Map.of("Content-Type", "application/json; charset=utf-8"), unitJson(null, "launched", "a"));
        assertThat(withCharset.status()).isEqualTo(201);
    }

    @Test
    void badRequestsAre400WithAClearMessageAndStoreNothing() throws Exception {
        assertBad("/fleet/v1/units/a.service", "{\"name\":", "unable to decode body");
        assertThat(f.putJson("/fleet/v1/units/a.service", "{\"options\":[" + "{},".repeat(25_000) + "{}]}").status())
                .as("a tree of 25,001 objects is refused before it is built").isEqualTo(413);
        // past Jackson's nesting limit: its error has no location
        assertBad("/fleet/v1/units/a.service", "{\"options\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "nesting depth");
        assertBad("/fleet/v1/units/a.service", "[1,2]", "expected a JSON object");
        assertBad("/fleet/v1/units/a.service", "{\"options\":\"x\"}", "\"options\" must be an array");
        assertBad("/fleet/v1/units/a.service", unitJson("b.service", "launched", "a"),
                "name in URL \"a.service\" differs from unit name in request body \"b.service\"");
        assertBad("/fleet/v1/units/a%2Fb.service", unitJson(null, "launched", "a"), "a/b.service");
        assertBad("/fleet/v1/units/a/b.service", unitJson(null, "launched", "a"), "a/b.service");
        assertBad("/fleet/v1/units/a.nope", unitJson(null, "launched", "a"), "nope");
        assertBad("/fleet/v1/units/a.service", unitJson(null, "running", "a"), "invalid desired state \"running\"");
        assertBad("/fleet/v1/units/a.service", "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\","
                + "\"value\":\" /bin/true\"}]}", "invalid options");
        assertBad("/fleet/v1/units/a.service", "{\"options\":[{\"section\":\"X-Fleet\",\"name\":\"Global\","
                + "\"value\":\"true\"},{\"section\":\"X-Fleet\",\"name\":\"MachineID\",\"value\":\"abc\"}]}",
                "MachineID cannot be used with Global");
        assertBad("/fleet/v1/units/a.service", "{\"options\":[{\"section\":\"Service\",\"name\":\"MemoryMax\","
                + "\"value\":\"lots\"}]}", "[Service] MemoryMax=lots: not a size");
        assertBad("/fleet/v1/units/a.service", "{\"options\":[{\"section\":\"X-Fleet\",\"name\":\"RescheduleOnFailure\","
                + "\"value\":\"3 in 10d\"}]}", "RescheduleOnFailure=3 in 10d is not COUNT in WINDOW (for example 3 in 10m)");
        assertThat(f.registry.units().list().units()).isEmpty();
    }

    @Test
    void aTemplateCannotBeActivatedButMayBeSetInactive() throws Exception {
        assertThat(f.putJson("/fleet/v1/units/web@.service", unitJson(null, "inactive", "t")).status()).isEqualTo(201);
        var r = f.putJson("/fleet/v1/units/web@.service", "{\"desiredState\":\"launched\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).isEqualTo("cannot activate template \"web@.service\"");
        assertThat(f.registry.units().get("web@.service").orElseThrow().desiredState()).isEqualTo(DesiredState.INACTIVE);
        assertThat(f.putJson("/fleet/v1/units/web@.service", "{\"desiredState\":\"inactive\"}").status()).isEqualTo(204);
    }

    @Test
    void getAndDeleteOfAMissingUnitAre404AndDeleteIs204() throws Exception {
        var missing = f.get("/fleet/v1/units/none.service");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorMessage()).isEqualTo("unit does not exist");
        assertThat(f.delete("/fleet/v1/units/none.service").status()).isEqualTo(404);

        f.putJson("/fleet/v1/units/a.service", unitJson(null, "launched", "a"));
        var deleted = f.delete("/fleet/v1/units/a.service");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(f.registry.units().get("a.service")).isEmpty();
        assertThat(f.get("/fleet/v1/units/a.service").status()).isEqualTo(404);
    }

    @Test
    void currentStateMachineIdAndReasonsFollowPlacementAndPublishedState() throws Exception {
        f.putJson("/fleet/v1/units/a.service", unitJson(null, "launched", "a"));
        f.putJson("/fleet/v1/units/b.service", unitJson(null, "launched", "b"));
        f.putJson("/fleet/v1/units/g.service", "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\","
                + "\"name\":\"ExecStart\",\"value\":\"/bin/true\"},{\"section\":\"X-Fleet\",\"name\":\"Global\","
                + "\"value\":\"true\"}]}");
        StoredUnit a = f.registry.units().get("a.service").orElseThrow();
        f.registry.apply(f.fence(), List.of(
                new PlacementOp.Place("a.service", "m1", a.hash(), DesiredState.LAUNCHED),
                new PlacementOp.SetReasons("b.service", new UnitReasons(Map.of("m1", "conflicts with a.service"),
                        "no machine satisfies the constraints"))));

        JsonNode placed = f.get("/fleet/v1/units/a.service").json();
        assertThat(placed.get("machineID").asText()).isEqualTo("m1");
        assertThat(placed.get("currentState").asText()).isEqualTo("inactive"); // no state from m1 yet

        Presence m1 = f.machine("m1", "10.0.0.1", Map.of());
        f.registry.states().publish(m1, new UnitStateRecord("a.service", a.hash(), "m1", "loaded", "inactive", "dead",
                "loaded"));
        assertThat(f.get("/fleet/v1/units/a.service").json().get("currentState").asText()).isEqualTo("loaded");
        f.registry.states().publish(m1, new UnitStateRecord("a.service", a.hash(), "m1", "loaded", "active", "running",
                "launched"));
        assertThat(f.get("/fleet/v1/units/a.service").json().get("currentState").asText()).isEqualTo("launched");

        JsonNode waiting = f.get("/fleet/v1/units/b.service").json();
        assertThat(waiting.get("reasons").toString()).isEqualTo(
                "{\"machines\":{\"m1\":\"conflicts with a.service\"},\"summary\":\"no machine satisfies the constraints\"}");
        JsonNode global = f.get("/fleet/v1/units/g.service").json();
        assertThat(global.has("currentState")).isFalse();
        assertThat(global.has("machineID")).isFalse();

        JsonNode listed = f.get("/fleet/v1/units").json().get("units");
        assertThat(listed).extracting(u -> u.get("name").asText())
                .containsExactly("a.service", "b.service", "g.service");
        assertThat(listed.get(0).get("currentState").asText()).isEqualTo("launched");
        assertThat(listed.get(1).get("reasons").get("summary").asText()).isEqualTo("no machine satisfies the constraints");
    }

    private void assertBad(String target, String body, String messagePart) throws Exception {
        var r = f.putJson(target, body);
        assertThat(r.status()).as(target + " " + body).isEqualTo(400);
        assertThat(r.errorMessage()).contains(messagePart);
    }

    private static String rolloutOptions(String exec, boolean global) {
        return "[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"" + exec + "\"}"
                + (global ? ",{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"}" : "") + "]";
    }

    private static String rollout(String exec, String order, String machines, int maxParallel) {
        return "{\"options\":" + rolloutOptions(exec, true) + ",\"order\":" + order + ",\"machines\":" + machines
                + ",\"maxParallel\":" + maxParallel + "}";
    }

    // PUT /fleet/v1/units/<name>/rollout, ours

    @Test
    void aStoredRolloutIsInTheUnitWhoseOwnBodyStaysTheCommittedOne() throws Exception {
        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + rolloutOptions("/bin/sleep 1", true) + "}");

        var r = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[\"m1\",\"m2\"]", "[\"m1\"]",
                1));

        assertThat(r.status()).isEqualTo(204);
        JsonNode unit = f.get("/fleet/v1/units/mon.service").json();
        assertThat(unit.get("options").get(0).get("value").asText()).isEqualTo("/bin/sleep 1");
        assertThat(unit.get("rollout").get("order").toString()).isEqualTo("[\"m1\",\"m2\"]");
        assertThat(unit.get("rollout").get("machines").toString()).isEqualTo("[\"m1\"]");
        assertThat(unit.get("rollout").get("maxParallel").asInt()).isEqualTo(1);
        assertThat(unit.get("rollout").get("hash").asText()).hasSize(40);

        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + rolloutOptions("/bin/sleep 2", true) + "}");
        assertThat(f.get("/fleet/v1/units/mon.service").json().has("rollout")).as("a replace ends it").isFalse();
    }

    @Test
    void aRolloutIsRefusedWhenItCannotBeRolledOut() throws Exception {
        f.putJson("/fleet/v1/units/mon.service", "{\"desiredState\":\"launched\",\"options\":"
                + rolloutOptions("/bin/sleep 1", true) + "}");
        f.putJson("/fleet/v1/units/plain.service", "{\"desiredState\":\"launched\",\"options\":"
                + rolloutOptions("/bin/sleep 1", false) + "}");

        var missing = f.putJson("/fleet/v1/units/none.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 1));
        assertThat(missing.status()).isEqualTo(404);
        var plain = f.putJson("/fleet/v1/units/plain.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 1));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.errorMessage()).contains("not global");
        var same = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 1", "[]", "[]", 1));
        assertThat(same.errorMessage()).contains("already has this body");
        var outside = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[\"m1\"]",
                "[\"m2\"]", 1));
        assertThat(outside.status()).isEqualTo(400);
        var budget = f.putJson("/fleet/v1/units/mon.service/rollout", rollout("/bin/sleep 2", "[]", "[]", 0));
        assertThat(budget.errorMessage()).contains("maxParallel");
        assertThat(f.get("/fleet/v1/units/mon.service").json().has("rollout")).isFalse();
        assertThat(f.send("GET", "/fleet/v1/units/mon.service/rollout", java.util.Map.of(), null).status())
                .isEqualTo(405);
    }
}
