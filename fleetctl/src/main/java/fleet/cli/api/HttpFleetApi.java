package fleet.cli.api;

import fleet.cli.http.HttpResponse;
import fleet.cli.http.SocketHttpClient;
import fleet.cli.http.StreamedResponse;
import fleet.schema.ErrorBody;
import fleet.schema.MachineEntity;
import fleet.schema.MachinePage;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitPage;
import fleet.schema.UnitStateEntity;
import fleet.schema.UnitStatePage;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@link FleetApi} over HTTP/1.1 (unix socket, TCP or TLS). */
public final class HttpFleetApi implements FleetApi {
    static final String PREFIX = "/fleet/v1";
    private static final String JSON = "application/json";
    private static final int MAX_PAGES = 100_000;

    private final SocketHttpClient http;
    /** Set once the server answered the batch route with 404/405 (fleet v1.0, an older fleetd). */
    private volatile boolean noBatchRoute;

    public HttpFleetApi(SocketHttpClient http) {
        this.http = http;
    }

    @Override
    public List<UnitEntity> listUnits() {
        List<UnitEntity> all = collect("/units", "", WireJson::unitPage, UnitPage::units, UnitPage::nextPageToken);
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    @Override
    public Optional<UnitEntity> getUnit(String name) {
        return found("/units/" + PathEncoding.segment(name), WireJson::unit);
    }

    /** A GET whose 404 means none. */
    private <T> Optional<T> found(String path, Decoder<T> type) {
        HttpResponse r = call("GET", path, null);
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(decode(ok(r), type));
    }

    @Override
    public void putUnit(String name, List<UnitOption> options, DesiredState desiredState) {
        // fleet's PUT body is a partial Unit: name, and options and/or a desired state
        UnitEntity body = new UnitEntity(name, options == null ? null : UnitEntities.toWire(options),
                desiredState == null ? null : desiredState.wireName(), null, null, null);
        ok(call("PUT", "/units/" + PathEncoding.segment(name), WireJson.putBody(body)));
    }

    @Override
    public void putRollout(String name, List<UnitOption> options, UnitRolloutEntity rollout) {
        ok(call("PUT", "/units/" + PathEncoding.segment(name) + "/rollout",
                WireJson.rolloutBody(UnitEntities.toWire(options), rollout)));
    }

    @Override
    public RebalancePlanEntity rebalancePlan(int maxMoves) {
        return decode(ok(call("GET", "/rebalance?maxMoves=" + maxMoves, null)), WireJson::rebalancePlan);
    }

    @Override
    public void requestMove(RebalanceMoveEntity move) {
        ok(call("POST", "/rebalance/moves", WireJson.moveBody(move)));
    }

    @Override
    public Optional<RebalanceMoveEntity> move(String unit) {
        return found("/rebalance/moves/" + PathEncoding.segment(unit), WireJson::move);
    }

    @Override
    public boolean createUnits(List<UnitEntity> units) {
        return batch("/units", units) != null;
    }

    @Override
    public boolean checkUnits(List<UnitEntity> units) {
        WireJson.BatchReply reply = batch("/units?dryRun=All", units);
        return reply != null && reply.dryRun();
    }

    /** The batch route's reply, null when the server does not know the route; a refused entry is thrown. */
    private WireJson.BatchReply batch(String path, List<UnitEntity> units) {
        if (noBatchRoute) {
            return null;
        }
        HttpResponse r = call("POST", path, WireJson.batchBody(units));
        if (r.status() == 404 || r.status() == 405) {
            noBatchRoute = true;
            return null;
        }
        WireJson.BatchReply reply;
        try {
            reply = WireJson.batchReply(ok(r).body());
        } catch (WireJson.BadBodyException e) {
            throw new FleetApiException(r.status(), "the API sent a body that is not the expected JSON: "
                    + e.getMessage());
        }
        if (reply.firstRefusal() != null) {
            throw new FleetApiException(409, reply.firstRefusal());
        }
        return reply;
    }

    @Override
    public boolean deleteUnit(String name) {
        Attempts attempts = new Attempts();
        HttpResponse r = call("DELETE", "/units/" + PathEncoding.segment(name), null, attempts);
        if (r.status() == 404) {
            // after a 503 the first DELETE may have happened all the same: then this one finds nothing
            return attempts.count > 1;
        }
        ok(r);
        return true;
    }

    @Override
    public List<UnitStateEntity> listStates(String machineID, String unitName) {
        StringBuilder q = new StringBuilder();
        if (machineID != null) {
            q.append("&machineID=").append(PathEncoding.query(machineID));
        }
        if (unitName != null) {
            q.append("&unitName=").append(PathEncoding.query(unitName));
        }
        List<UnitStateEntity> all = collect("/state", q.toString(), WireJson::statePage, UnitStatePage::states,
                UnitStatePage::nextPageToken);
        all.sort(HttpFleetApi::byNameThenMachine);
        return all;
    }

    @Override
    public List<MachineEntity> listMachines() {
        List<MachineEntity> all = collect("/machines", "", WireJson::machinePage, MachinePage::machines,
                MachinePage::nextPageToken);
        all.sort((a, b) -> nullToEmpty(a.id()).compareTo(nullToEmpty(b.id())));
        return all;
    }

    // the sorts are spelt out: Comparator.comparing's own lambdas are spun anew by every cold process
    private static int byNameThenMachine(UnitStateEntity a, UnitStateEntity b) {
        int byName = nullToEmpty(a.name()).compareTo(nullToEmpty(b.name()));
        return byName != 0 ? byName : nullToEmpty(a.machineID()).compareTo(nullToEmpty(b.machineID()));
    }

    @Override
    public UnitStatus unitStatus(String name) {
        HttpResponse r = ok(call("GET", "/units/" + PathEncoding.segment(name) + "/status", null));
        String exit = r.header("X-Fleet-Exit-Status");
        int status = 0;
        if (exit != null) {
            try {
                status = Integer.parseInt(exit.trim());
            } catch (NumberFormatException e) {
                throw new FleetApiException(r.status(), "bad X-Fleet-Exit-Status header \"" + exit + "\"");
            }
        }
        return new UnitStatus(r.bodyText(), status);
    }

    @Override
    public void journal(String name, int lines, boolean follow, OutputStream out) {
        String target = PREFIX + "/units/" + PathEncoding.segment(name) + "/journal?lines=" + lines
                + (follow ? "&follow=true" : "");
        try (StreamedResponse r = http.stream(target)) {
            InputStream body = r.body();
            if (r.status() < 200 || r.status() >= 300) {
                throw error(r.status(), body.readAllBytes());
            }
            byte[] buf = new byte[8192];
            int n;
            while ((n = body.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private <P, T> List<T> collect(String path, String filters, Decoder<P> type, Function<P, List<T>> items,
            Function<P, String> next) {
        List<T> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = (token == null ? "" : "&nextPageToken=" + PathEncoding.query(token)) + filters;
            P body = decode(ok(call("GET", path + (query.isEmpty() ? "" : "?" + query.substring(1)), null)), type);
            List<T> got = items.apply(body);
            if (got != null) { // a page without items leaves the list out
                all.addAll(got);
            }
            token = next.apply(body);
            if (token == null || token.isEmpty()) {
                return all;
            }
            if (!seen.add(token)) {
                throw new FleetApiException(200, "the API repeated page token " + token + " for " + path);
            }
        }
        throw new FleetApiException(200, "more than " + MAX_PAGES + " pages for " + path);
    }

    private HttpResponse call(String method, String path, byte[] body) {
        return call(method, path, body, new Attempts());
    }

    /** How many times one call was sent. */
    private static final class Attempts {
        int count;
    }

    /**
     * Sends a request, and sends it again (up to {@value #ATTEMPTS} times in all, {@value #RETRY_MS} ms
     * apart, doubling) when fleetd answered 503 or the connection failed: every request fleetctl makes
     * is safe to repeat (GET, PUT of a whole unit or desired state, DELETE), and a 503 from fleetd
     * leaves the outcome of a write unknown (etcd may apply it once it answers again).
     */
    private HttpResponse call(String method, String path, byte[] body, Attempts attempts) {
        long pause = RETRY_MS;
        while (true) {
            attempts.count++;
            try {
                HttpResponse r = http.send(method, PREFIX + path, body, body == null ? null : JSON);
                if (r.status() != 503 || attempts.count >= ATTEMPTS) {
                    return r;
                }
            } catch (IOException e) {
                if (attempts.count >= ATTEMPTS) {
                    throw unreachable(e);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetApiException("interrupted while retrying " + method + " " + path, null);
            }
            pause *= 2;
        }
    }

    static final int ATTEMPTS = 3;
    static final long RETRY_MS = 200;

    private FleetApiException unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new FleetApiException("cannot talk to fleet at " + http.endpoint() + ": " + why, e);
    }

    private static HttpResponse ok(HttpResponse r) {
        if (!r.isSuccess()) {
            throw error(r.status(), r.body());
        }
        return r;
    }

    /** Maps fleet's {@code {"error":{"code","message"}}} envelope, or any other body, to an exception. */
    static FleetApiException error(int status, byte[] body) {
        String message = null;
        try {
            ErrorBody e = WireJson.error(body);
            if (e.error() != null) {
                message = e.error().message();
            }
        } catch (WireJson.BadBodyException notJson) {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
            message = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
        if (message == null || message.isBlank()) {
            message = "request failed";
        }
        return new FleetApiException(status, message + " (HTTP " + status + ")");
    }

    /** Reads one wire type from a body. */
    private interface Decoder<T> {
        T decode(byte[] body) throws WireJson.BadBodyException;
    }

    private static <T> T decode(HttpResponse r, Decoder<T> type) {
        try {
            return type.decode(r.body());
        } catch (WireJson.BadBodyException e) {
            throw new FleetApiException(r.status(), "the API sent a body that is not the expected JSON: "
                    + e.getMessage());
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
