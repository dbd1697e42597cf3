package fleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import fleet.cli.http.Endpoint;
import fleet.cli.http.HttpResponse;
import fleet.cli.http.SocketHttpClient;

/**
 * The measured requests, sent with fleetctl's HTTP client to one listener. Creations make fresh
 * units that DELETE then removes, so the catalog keeps its size between rounds.
 */
final class ApiRoutesUnderTest {
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final String BASE = "/fleet/v1";

    private final String name;
    private final SocketHttpClient http;
    private final InProcessFleetd fleetd;
    private final Queue<String> toDelete = new ConcurrentLinkedQueue<>();

    private ApiRoutesUnderTest(String name, Endpoint endpoint, InProcessFleetd fleetd) {
        this.name = name;
        this.http = new SocketHttpClient(endpoint, null, Duration.ofSeconds(30), null);
        this.fleetd = fleetd;
    }

    static ApiRoutesUnderTest unix(InProcessFleetd fleetd) {
        return new ApiRoutesUnderTest("unix", Endpoint.parse("unix://" + fleetd.socket()), fleetd);
    }

    static ApiRoutesUnderTest tcp(InProcessFleetd fleetd) {
        return new ApiRoutesUnderTest("tcp", Endpoint.parse("http://127.0.0.1:" + fleetd.tcpPort()), fleetd);
    }

    String name() {
        return name;
    }

    void getUnit(int i) throws IOException {
        expect(200, "GET", "/units/" + InProcessFleetd.name(i % fleetd.units()), null);
    }

    void listUnits(int i) throws IOException {
        expect(200, "GET", "/units", null);
    }

    void listStates(int i) throws IOException {
        expect(200, "GET", "/state", null);
    }

    void listMachines(int i) throws IOException {
        expect(200, "GET", "/machines", null);
    }

    void create(int i) throws IOException {
        String unit = "new@" + CREATED.incrementAndGet() + ".service";
        expect(201, "PUT", "/units/" + unit, "{\"desiredState\":\"inactive\",\"options\":["
                + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep " + i + "\"}]}");
        toDelete.add(unit);
    }

    /** Alternates launched and inactive, so every PUT changes something. */
    void desiredState(int i) throws IOException {
        String state = (i / fleetd.units()) % 2 == 0 ? "inactive" : "launched";
        expect(204, "PUT", "/units/" + InProcessFleetd.name(i % fleetd.units()), "{\"desiredState\":\"" + state + "\"}");
    }

    void delete(int i) throws IOException {
        String unit = toDelete.poll();
        if (unit == null) {
            throw new IllegalStateException("DELETE measured more often than PUT create");
        }
        expect(204, "DELETE", "/units/" + unit, null);
    }

    private void expect(int status, String method, String path, String json) throws IOException {
        HttpResponse r = http.send(method, BASE + path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json");
        if (r.status() != status) {
            throw new IllegalStateException(method + " " + path + ": expected " + status + ", got " + r.status() + " "
                    + r.bodyText());
        }
    }
}
