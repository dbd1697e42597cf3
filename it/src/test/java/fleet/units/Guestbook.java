package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;

import fleet.cluster.FleetApiClient;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * The example app of units/examples on a lab with fleetd, as the lab tests drive it: installed on
 * every machine, its units sent to fleet, its frontends found in etcd and spoken to over HTTP. A
 * failed wait reports what fleet says about every unit, including the engine's reasons for any it
 * could not place.
 */
final class Guestbook {
    /** Reads one etcd key's value: through jetcd on a plain lab etcd, through fleet-lab etcdctl on a TLS one. */
    interface EtcdReader {
        Optional<String> value(String key) throws Exception;
    }

    interface Wait<T> {
        T run() throws Exception;
    }

    interface VoidWait {
        void run() throws Exception;
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LabExtension lab;
    private final FleetApiClient api;
    private final EtcdReader etcd;
    /** Instance names to the template file they are made from. */
    private final Map<String, String> units;

    Guestbook(LabExtension lab, FleetApiClient api, EtcdReader etcd, Map<String, String> units) {
        this.lab = lab;
        this.api = api;
        this.etcd = etcd;
        this.units = units;
    }

    /** What cloud-config or an image would do on a real cluster: the app's two files on every machine. */
    void installOnEveryMachine() throws Exception {
        for (LabMachine m : lab.machines()) {
            ShippedUnits.install(m, ShippedUnits.folder("examples").resolve("guestbook.py"), "/opt/guestbook/guestbook.py", true);
            ShippedUnits.install(m, ShippedUnits.folder("examples").resolve("fleet-host-env"), "/opt/guestbook/fleet-host-env", true);
        }
    }

    /** Sends every unit to fleet, launched. */
    void launch() throws Exception {
        for (var u : units.entrySet()) {
            assertThat(api.put(u.getKey(), ShippedUnits.parse("examples", u.getValue()), "launched")).as(u.getKey())
                    .isEqualTo(201);
        }
    }

    Optional<String> etcdValue(String key) throws Exception {
        return etcd.value(key);
    }

    /** Frontend {@code n} (guestbook@n), announced in etcd at {@code url}. */
    record Frontend(int n, String url) {
    }

    /**
     * Launches the app, waits for its {@code count} frontends, and writes {@code entry} through one
     * that is not on machine {@code db}; returns that frontend.
     */
    Frontend launchAndWrite(int count, LabMachine db, String entry, Duration atMost) throws Exception {
        launch();
        awaitAnnounced(count, atMost);
        int n = awaitFrontendOff(db, count, atMost);
        String url = etcdValue("/guestbook/frontends/" + n).orElseThrow();
        awaitPosted(url, entry, db, atMost);
        return new Frontend(n, url);
    }

    /** Waits until frontends 1..{@code count} have announced themselves in etcd. */
    void awaitAnnounced(int count, Duration atMost) throws Exception {
        explainedRun(() -> await().atMost(atMost).untilAsserted(() -> {
            for (int i = 1; i <= count; i++) {
                assertThat(etcdValue("/guestbook/frontends/" + i)).as("frontend %d announced", i).isPresent();
            }
        }));
    }

    /**
     * The number of a running frontend (of 1..{@code count}) on a machine other than {@code db}:
     * losing the db machine would lose the (in-memory) entries.
     */
    int awaitFrontendOff(LabMachine db, int count, Duration atMost) throws Exception {
        return explained(() -> await().atMost(atMost).until(() -> frontendOff(db, count), Optional::isPresent)).orElseThrow();
    }

    /** Posts {@code entry} through {@code frontend} until it is taken (redis may still be starting). */
    void awaitPosted(String frontend, String entry, LabMachine db, Duration atMost) throws Exception {
        // the last failure (an error body or a connection error) is the one the timeout reports
        explainedRun(() -> await().atMost(atMost).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> r = post(frontend, entry);
            if (r.statusCode() != 201) {
                throw new AssertionError("POST to " + frontend + ": " + r.body() + "\n" + primaryDiagnosis(db));
            }
        }));
    }

    /**
     * Waits until frontend {@code n}, whose machine {@code victim} was killed, runs on another machine
     * with its sidekick, is announced at its new address and serves {@code entry}.
     */
    void awaitMovedOff(int n, LabMachine victim, String entry, Duration atMost) throws Exception {
        String unit = "guestbook@" + n + ".service";
        explainedRun(() -> await().atMost(atMost).ignoreExceptions().untilAsserted(() -> {
            LabMachine now = machineOf(unit).orElseThrow();
            assertThat(now).isNotEqualTo(victim);
            assertThat(machineOf("guestbook-announce@" + n + ".service")).as("the sidekick follows").contains(now);
            String moved = etcdValue("/guestbook/frontends/" + n).orElseThrow();
            assertThat(moved).isEqualTo("http://" + now.ip() + ":8080");
            assertThat(entries(moved)).contains(entry);
        }));
    }

    /** The number of a frontend (1..{@code frontends}) whose machine is not {@code db}, once it runs. */
    Optional<Integer> frontendOff(LabMachine db, int frontends) throws Exception {
        for (int i = 1; i <= frontends; i++) {
            Optional<LabMachine> m = machineOf("guestbook@" + i + ".service");
            if (m.isPresent() && !m.get().equals(db)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Runs a wait; when it fails, adds what fleet says about every unit of the app to the failure. */
    <T> T explained(Wait<T> wait) throws Exception {
        try {
            return wait.run();
        } catch (AssertionError | ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + fleetDiagnosis(), e);
        }
    }

    void explainedRun(VoidWait wait) throws Exception {
        explained(() -> {
            wait.run();
            return null;
        });
    }

    /** Each unit's target machine, current state and, for a unit the engine could not place, its reasons. */
    String fleetDiagnosis() {
        StringBuilder out = new StringBuilder("what fleet says:");
        for (String name : units.keySet().stream().sorted().toList()) {
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

    /** What fleet and the db machine's systemd say about the redis primary, for a failure message. */
    String primaryDiagnosis(LabMachine db) throws Exception {
        return "fleet: " + api.states().stream().filter(st -> st.get("name").equals("redis-primary.service")).toList()
                + "\nunit: " + api.unit("redis-primary.service").path("currentState")
                + "\n" + db.name() + ": " + db.exec("systemctl", "status", "--no-pager", "-n", "5", "redis-primary.service").output();
    }

    /** The live machine whose systemd runs {@code unit} (active), if exactly one does. */
    Optional<LabMachine> machineOf(String unit) throws Exception {
        List<String> ids = api.states().stream()
                .filter(s -> s.get("name").equals(unit) && s.get("active").equals("active"))
                .map(s -> s.get("machineID")).toList();
        return ids.size() != 1 ? Optional.empty()
                : lab.machines().stream().filter(m -> m.machineId().equals(ids.get(0))).findFirst();
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
