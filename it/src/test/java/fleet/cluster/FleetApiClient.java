package fleet.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** The few API v1 calls the whole-system tests make, over a machine's loopback TCP listener. */
public final class FleetApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;

    public FleetApiClient(String ip, int port) {
        this.base = "http://" + ip + ":" + port + "/fleet/v1/";
    }

    public int put(String name, UnitFile file, String desiredState) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("desiredState", desiredState);
        ArrayNode options = body.putArray("options");
        for (UnitOption o : file.options()) {
            options.addObject().put("section", o.section()).put("name", o.name()).put("value", o.value());
        }
        return send(HttpRequest.newBuilder(URI.create(base + "units/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))).statusCode();
    }

    public int setDesiredState(String name, String desiredState) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "units/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"desiredState\":\"" + desiredState + "\"}"))).statusCode();
    }

    /** PATCH /machines: sets one dynamic metadata key of one machine. */
    public int setMetadata(String machineId, String key, String value) throws IOException, InterruptedException {
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "add").put("path", "/" + machineId + "/metadata/" + key).put("value", value);
        return send(HttpRequest.newBuilder(URI.create(base + "machines"))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(ops)))).statusCode();
    }

    public int destroy(String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "units/" + name)).DELETE()).statusCode();
    }

    /** unit name to machine ID, one entry per (unit, machine) with systemd's active and load states. */
    public List<Map<String, String>> states() throws IOException, InterruptedException {
        HttpResponse<String> r = ok(send(HttpRequest.newBuilder(URI.create(base + "state")).GET()));
        List<Map<String, String>> out = new ArrayList<>();
        JsonNode states = JSON.readTree(r.body()).path("states");
        for (JsonNode s : states) {
            out.add(Map.of("name", s.path("name").asText(), "machineID", s.path("machineID").asText(),
                    "active", s.path("systemdActiveState").asText(), "load", s.path("systemdLoadState").asText(),
                    "sub", s.path("systemdSubState").asText()));
        }
        return out;
    }

    /** machine ID to its metadata, as GET /machines lists them. */
    public Map<String, Map<String, String>> machines() throws IOException, InterruptedException {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        for (JsonNode m : JSON.readTree(ok(send(HttpRequest.newBuilder(URI.create(base + "machines")).GET())).body())
                .path("machines")) {
            Map<String, String> meta = new java.util.TreeMap<>();
            m.path("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
            out.put(m.path("id").asText(), meta);
        }
        return out;
    }

    public JsonNode unit(String name) throws IOException, InterruptedException {
        return JSON.readTree(ok(send(HttpRequest.newBuilder(URI.create(base + "units/" + name)).GET())).body());
    }

    /** GET of a path under /fleet/v1/, e.g. {@code units/x.service/status}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET whose body is read as it arrives (a followed journal); closing the stream ends the request. */
    HttpResponse<java.io.InputStream> stream(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Waits until this machine's API serves and lists {@code count} machines: the cluster is ready for
     * writes. A 503 (fleetd not registered yet) or a connection refused keeps it waiting.
     */
    public void awaitMachines(int count, Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).ignoreExceptions().until(() -> machines().size() == count);
    }

    /** A reply whose status is not 200 is an error, never an empty listing. */
    private static HttpResponse<String> ok(HttpResponse<String> r) throws IOException {
        if (r.statusCode() != 200) {
            throw new IOException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
