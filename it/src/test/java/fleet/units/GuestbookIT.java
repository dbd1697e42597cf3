package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.cluster.FleetApiClient;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

/**
 * The example app of units/examples really running on four lab machines: a redis primary on the
 * role=db machine, two replicas on two of the three role=web machines, and three web frontends
 * (with their etcd-announcing sidekicks) one per machine. An entry written through one frontend is
 * still readable after that frontend's machine loses power and fleet moves the frontend to the
 * machine that had none. A wait that times out reports what fleet says about every unit,
 * including the engine's reasons for any it could not place.
 */
@Tag("lab")
class GuestbookIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(4).withFleetd()
            .metadata(1, "role=db").metadata(2, "role=web").metadata(3, "role=web").metadata(4, "role=web");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(90));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Instance names to the template file they are made from. */
    static final Map<String, String> UNITS = Map.of(
            "redis-primary.service", "redis-primary.service",
            "redis-replica@1.service", "redis-replica@.service",
            "redis-replica@2.service", "redis-replica@.service",
            "guestbook@1.service", "guestbook@.service",
            "guestbook@2.service", "guestbook@.service",
            "guestbook@3.service", "guestbook@.service",
            "guestbook-announce@1.service", "guestbook-announce@.service",
            "guestbook-announce@2.service", "guestbook-announce@.service",
            "guestbook-announce@3.service", "guestbook-announce@.service");

    static FleetApiClient api;
    static Client etcd;

    @BeforeAll
    static void installAppOnEveryMachine() throws Exception {
        // what cloud-config or an image would do on a real cluster
        for (LabMachine m : lab.machines()) {
            ShippedUnits.install(m, ShippedUnits.folder("examples").resolve("guestbook.py"), "/opt/guestbook/guestbook.py", true);
            ShippedUnits.install(m, ShippedUnits.folder("examples").resolve("fleet-host-env"), "/opt/guestbook/fleet-host-env", true);
        }
        api = new FleetApiClient(lab.machine(1).ip(), 49153);
        etcd = Client.builder().endpoints(lab.etcdEndpoint()).build();
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    @AfterAll
    static void closeEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void anEntrySurvivesTheLossOfItsFrontendsMachine() throws Exception {
        for (var u : UNITS.entrySet()) {
            assertThat(api.put(u.getKey(), ShippedUnits.parse("examples", u.getValue()), "launched")).as(u.getKey())
                    .isEqualTo(201);
        }
        explainedRun(() -> await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 3; i++) {
                assertThat(etcdValue("/guestbook/frontends/" + i)).as("frontend %d announced", i).isPresent();
            }
        }));
        // a frontend on a web machine: losing the db machine would lose the (in-memory) entries
        int moving = explained(() -> await().atMost(WAIT).until(() -> frontendOffTheDbMachine(), Optional::isPresent))
                .orElseThrow();
        String frontend = etcdValue("/guestbook/frontends/" + moving).orElseThrow();
        // the last failure (an error body or a connection error) is the one the timeout reports
        explainedRun(() -> await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> r = post(frontend, "hello from GuestbookIT");
            if (r.statusCode() != 201) {
                throw new AssertionError("POST to " + frontend + ": " + r.body() + "\n" + primaryDiagnosis());
            }
        }));
        assertThat(entries(frontend)).contains("hello from GuestbookIT");
        // both replicas (one per web machine, never beside the primary) received it
        explainedRun(() -> await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 2; i++) {
                String replica = etcdValue("/guestbook/redis/replicas/" + i).orElseThrow();
                assertThat(lab.machine(1).exec("redis-cli", "-h", replica, "lrange", "guestbook", "0", "-1").output())
                        .contains("hello from GuestbookIT");
            }
        }));

        String unit = "guestbook@" + moving + ".service";
        LabMachine victim = machineOf(unit).orElseThrow();
        lab.kill(victim);

        explainedRun(() -> await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            LabMachine now = machineOf(unit).orElseThrow();
            assertThat(now).isNotEqualTo(victim);
            assertThat(machineOf("guestbook-announce@" + moving + ".service")).as("the sidekick follows").contains(now);
            String moved = etcdValue("/guestbook/frontends/" + moving).orElseThrow();
            assertThat(moved).isEqualTo("http://" + now.ip() + ":8080").isNotEqualTo(frontend);
            assertThat(entries(moved)).contains("hello from GuestbookIT");
        }));
        for (int i = 1; i <= 3; i++) {
            if (i != moving) {
                assertThat(entries(etcdValue("/guestbook/frontends/" + i).orElseThrow())).contains("hello from GuestbookIT");
            }
        }
    }

    /** The number of a frontend whose machine is not the role=db machine (m1), once all three run. */
    static Optional<Integer> frontendOffTheDbMachine() throws Exception {
        for (int i = 1; i <= 3; i++) {
            Optional<LabMachine> m = machineOf("guestbook@" + i + ".service");
            if (m.isPresent() && !m.get().equals(lab.machine(1))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    interface Wait<T> {
        T run() throws Exception;
    }

    interface VoidWait {
        void run() throws Exception;
    }

    /** Runs a wait; when it fails, adds what fleet says about every unit of the app to the failure. */
    static <T> T explained(Wait<T> wait) throws Exception {
        try {
            return wait.run();
        } catch (AssertionError | ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + fleetDiagnosis(), e);
        }
    }

    static void explainedRun(VoidWait wait) throws Exception {
        explained(() -> {
            wait.run();
            return null;
        });
    }

    /** Each unit's target machine, current state and, for a unit the engine could not place, its reasons. */
    static String fleetDiagnosis() {
        StringBuilder out = new StringBuilder("what fleet says:");
        for (String name : UNITS.keySet().stream().sorted().toList()) {
            try {
                var u = api.unit(name);
                out.append("\n  ").append(name).append(": desired=").append(u.path("desiredState").asText())
                        .append(" current=").append(u.path("currentState").asText())
                        .append(" machine=").append(u.path("machineID").asText("-"));
                if (u.has("reasons")) {
                    out.append(" reasons=").append(u.get("reasons"));
                }
            } catch (Exception e) {
                out.append("\n  ").append(name).append(": cannot ask fleet (").append(e).append(")");
            }
        }
        return out.toString();
    }

    /** What fleet and m1's systemd say about the redis primary, for a failure message. */
    static String primaryDiagnosis() throws Exception {
        return "fleet: " + api.states().stream().filter(st -> st.get("name").equals("redis-primary.service")).toList()
                + "\nunit: " + api.unit("redis-primary.service").path("currentState")
                + "\nm1: " + lab.machine(1).exec("systemctl", "status", "--no-pager", "-n", "5", "redis-primary.service").output();
    }

    /** The live machine whose systemd runs {@code unit} (active), if exactly one does. */
    static Optional<LabMachine> machineOf(String unit) throws Exception {
        List<String> ids = api.states().stream()
                .filter(s -> s.get("name").equals(unit) && s.get("active").equals("active"))
                .map(s -> s.get("machineID")).toList();
        return ids.size() != 1 ? Optional.empty()
                : lab.machines().stream().filter(m -> m.machineId().equals(ids.get(0))).findFirst();
    }

    static Optional<String> etcdValue(String key) throws Exception {
        var kvs = etcd.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get().getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(String frontend, String entry) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(frontend + "/entries")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(entry)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of GET /entries (JSON with the entries), failing on any status but 200. */
    static String entries(String frontend) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(frontend + "/entries"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
