package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * A client cannot take fleetd's heap: fleetd as shipped (bin/fleetd: 128 MB heap, 8 API workers)
 * in a lab machine gets 64 concurrent bodies of 1 MB of empty JSON objects and 64 concurrent
 * ordinary units of 440 KB (near the 512 KiB unit limit) at once. It answers each (201, 413 or 503), keeps its PID and serves as
 * before. Without the body budget and the JSON value bound, two of the first kind ended it.
 */
@Tag("lab")
class ApiAbuseIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));

    @Test
    void sixtyFourConcurrentWorstCaseBodiesLeaveFleetdServing() throws Exception {
        LabMachine m = lab.machine(1);
        FleetApiClient api = new FleetApiClient(m.ip(), 49153);
        api.awaitMachines(1, WAIT);
        String pidBefore = mainPid(m);

        String emptyObjects = "{\"options\":[" + "{},".repeat(349_000) + "{}]}";
        StringBuilder unit = new StringBuilder("{\"desiredState\":\"inactive\",\"options\":[");
        for (int i = 0; i < 900; i++) {
            unit.append(i == 0 ? "" : ",").append("{\"section\":\"Service\",\"name\":\"Environment\",\"value\":\"V")
                    .append(i).append('=').append("x".repeat(480)).append("\"}");
        }
        String ordinary = unit.append("]}").toString();
        assertThat(emptyObjects.length()).isLessThan(1024 * 1024);
        assertThat(ordinary.length()).as("the largest unit the registry takes is 512 KiB").isBetween(400_000, 512 * 1024);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            replies.add(put(http, m, "empty-" + i + ".service", emptyObjects));
            replies.add(put(http, m, "big-" + i + ".service", ordinary));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> r : replies) {
            statuses.merge(r.get().statusCode(), 1, Integer::sum);
        }
        System.out.println("128 concurrent 1 MB PUTs answered: " + statuses);

        assertThat(statuses.keySet()).as("every request answered with a clear status").isSubsetOf(201, 400, 413, 503);
        assertThat(statuses).as("the ordinary units that fit were taken").containsKey(201);
        assertThat(mainPid(m)).as("fleetd did not die and restart").isEqualTo(pidBefore);
        assertThat(m.exec("journalctl", "-u", "fleet.service", "--no-pager").output()).doesNotContain("OutOfMemoryError");
        assertThat(api.machines()).hasSize(1);
        assertThat(api.put("after-abuse.service", UnitFile.parse("[Service]\nExecStart=/bin/sleep infinity\n"),
                "launched")).isEqualTo(201);
        await().atMost(WAIT).until(() -> m.exec("systemctl", "is-active", "after-abuse.service").output().trim()
                .equals("active"));
        System.out.println("fleetd peak RSS after the bodies: " + peakRss(m));
    }

    @Test
    void slowAndIdleConnectionsAreClosedWhileOtherClientsAreServed() throws Exception {
        LabMachine m = lab.machine(1);
        FleetApiClient api = new FleetApiClient(m.ip(), 49153);
        api.awaitMachines(1, WAIT);
        List<java.net.Socket> held = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            held.add(new java.net.Socket(m.ip(), 49153));
        }
        for (int i = 0; i < 5; i++) {
            java.net.Socket slow = new java.net.Socket(m.ip(), 49153);
            slow.getOutputStream().write("GET /fleet/v1/machines HTTP/1.1\r\nHost: x\r\n".getBytes());
            held.add(slow);
        }
        long t0 = System.nanoTime();
        assertThat(api.machines()).as("served while 205 connections are held").hasSize(1);
        for (java.net.Socket s : held) {
            s.setSoTimeout((int) TestEnv.scaled(Duration.ofSeconds(30)).toMillis());
            assertThat(s.getInputStream().read()).as("closed by fleetd").isEqualTo(-1);
            s.close();
        }
        System.out.println("205 idle and slow connections closed by fleetd after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; peak RSS " + peakRss(m));
    }

    static String peakRss(LabMachine m) throws Exception {
        return m.exec("sh", "-c", "grep VmHWM /proc/$(systemctl show -p MainPID --value fleet.service)/status")
                .output().replaceAll("[^0-9kB ]", "").trim();
    }

    static CompletableFuture<HttpResponse<String>> put(HttpClient http, LabMachine m, String name, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + m.ip() + ":49153/fleet/v1/units/" + name))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String mainPid(LabMachine m) throws Exception {
        return m.exec("systemctl", "show", "-p", "MainPID", "--value", "fleet.service").output().trim();
    }
}
