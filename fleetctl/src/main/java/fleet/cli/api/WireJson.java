package fleet.cli.api;

import fleet.schema.ErrorBody;
import fleet.schema.ErrorEntity;
import fleet.schema.MachineEntity;
import fleet.schema.MachinePage;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitOptionEntity;
import fleet.schema.UnitPage;
import fleet.schema.UnitReasonsEntity;
import fleet.schema.UnitStateEntity;
import fleet.schema.UnitStatePage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire types fleetctl reads and writes, from and to JSON by hand, read as the schema's Jackson
 * annotations define them: fields by name, unknown fields ignored, a missing field or {@code null} is
 * null, a number or boolean where a string is expected is its text. Writes leave empty fields out
 * ({@code NON_EMPTY}), in the records' order.
 */
public final class WireJson {
    /** A body that is JSON but not the expected shape, or no JSON at all. */
    public static final class BadBodyException extends Exception {
        BadBodyException(String message) {
            super(message);
        }
    }

    private WireJson() {}

    public static UnitPage unitPage(byte[] body) throws BadBodyException {
        Map<String, Object> o = object(parse(body), "the page");
        return new UnitPage(list(o, "units", WireJson::unit), string(o, "nextPageToken"));
    }

    public static UnitStatePage statePage(byte[] body) throws BadBodyException {
        Map<String, Object> o = object(parse(body), "the page");
        return new UnitStatePage(list(o, "states", WireJson::state), string(o, "nextPageToken"));
    }

    public static MachinePage machinePage(byte[] body) throws BadBodyException {
        Map<String, Object> o = object(parse(body), "the page");
        return new MachinePage(list(o, "machines", WireJson::machine), string(o, "nextPageToken"));
    }

    /** {@code GET /fleet/v1/rebalance} (fleetd's). */
    public static RebalancePlanEntity rebalancePlan(byte[] body) throws BadBodyException {
        Map<String, Object> o = object(parse(body), "the rebalance plan");
        return new RebalancePlanEntity(list(o, "moves", WireJson::move), string(o, "summary"));
    }

    /** {@code GET /fleet/v1/rebalance/moves/<unit>} (fleetd's). */
    public static RebalanceMoveEntity move(byte[] body) throws BadBodyException {
        return move(parse(body));
    }

    private static RebalanceMoveEntity move(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "move");
        return new RebalanceMoveEntity(string(o, "unit"), string(o, "from"), string(o, "to"), string(o, "why"),
                string(o, "outcome"), string(o, "detail"));
    }

    /** A move request ({@code POST /fleet/v1/rebalance/moves}, fleetd's). */
    public static byte[] moveBody(RebalanceMoveEntity m) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "unit", m.unit());
        field(b, "from", m.from());
        field(b, "to", m.to());
        field(b, "why", m.why());
        return b.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static UnitEntity unit(byte[] body) throws BadBodyException {
        return unit(parse(body));
    }

    public static ErrorBody error(byte[] body) throws BadBodyException {
        Map<String, Object> o = object(parse(body), "the error body");
        Object e = o.get("error");
        if (e == null) {
            return new ErrorBody(null);
        }
        Map<String, Object> inner = object(e, "error");
        Object code = inner.get("code");
        int status;
        try {
            status = code == null ? 0 : Integer.parseInt(code.toString());
        } catch (NumberFormatException notInt) {
            throw new BadBodyException("error.code: expected an integer, got " + code);
        }
        return new ErrorBody(new ErrorEntity(status, string(inner, "message")));
    }

    /** A PUT body: the unit's name, and its options and/or desired state when not empty. */
    public static byte[] putBody(UnitEntity u) {
        return unitObject(new StringBuilder(256), u).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A batch create body ({@code POST /fleet/v1/units}, fleetd's): {@code {"units":[<PUT body>, ...]}}. */
    public static byte[] batchBody(List<UnitEntity> units) {
        StringBuilder b = new StringBuilder(256 * units.size()).append("{\"units\":[");
        for (UnitEntity u : units) {
            unitObject(comma(b), u);
        }
        return b.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A batch reply: the message of its first refused entry (a status not 2xx) or null, and whether it was a dry run. */
    public record BatchReply(String firstRefusal, boolean dryRun) {}

    public static BatchReply batchReply(byte[] body) throws BadBodyException {
        Map<String, Object> reply = object(parse(body), "the batch reply");
        List<Map<String, Object>> results = list(reply, "units", v -> object(v, "a result"));
        String refusal = null;
        for (Map<String, Object> r : results == null ? List.<Map<String, Object>>of() : results) {
            String status = string(r, "status");
            if (status != null && !status.startsWith("2")) {
                String message = string(r, "message");
                refusal = message == null ? "unit " + string(r, "name") + " refused (" + status + ")" : message;
                break;
            }
        }
        return new BatchReply(refusal, "true".equals(string(reply, "dryRun")));
    }

    private static StringBuilder unitObject(StringBuilder b, UnitEntity u) {
        b.append('{');
        field(b, "name", u.name());
        if (!u.options().isEmpty()) {
            comma(b).append("\"options\":[");
            for (int k = 0; k < u.options().size(); k++) {
                UnitOptionEntity opt = u.options().get(k);
                b.append(k == 0 ? "{" : ",{");
                field(b, "section", opt.section());
                field(b, "name", opt.name());
                field(b, "value", opt.value());
                b.append('}');
            }
            b.append(']');
        }
        field(b, "desiredState", u.desiredState());
        field(b, "currentState", u.currentState());
        field(b, "machineID", u.machineID());
        return b.append('}');
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        quote(comma(b).append('"').append(name).append("\":"), value);
    }

    private static StringBuilder comma(StringBuilder b) {
        char last = b.charAt(b.length() - 1);
        return last == '{' || last == '[' ? b : b.append(',');
    }

    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    private static Object parse(byte[] body) throws BadBodyException {
        try {
            return JsonTree.parse(body);
        } catch (JsonTree.MalformedJsonException e) {
            throw new BadBodyException("malformed JSON: " + e.getMessage());
        }
    }

    private static UnitEntity unit(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "unit");
        Object reasons = o.get("reasons");
        Object rollout = o.get("rollout");
        return new UnitEntity(string(o, "name"), list(o, "options", WireJson::option), string(o, "desiredState"),
                string(o, "currentState"), string(o, "machineID"), reasons == null ? null : reasons(reasons),
                rollout == null ? null : rollout(rollout));
    }

    private static UnitRolloutEntity rollout(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "rollout");
        String parallel = string(o, "maxParallel");
        try {
            return new UnitRolloutEntity(string(o, "hash"), list(o, "order", v -> text(v, "order")),
                    list(o, "machines", v -> text(v, "machines")), parallel == null ? 0 : Integer.parseInt(parallel));
        } catch (NumberFormatException notInt) {
            throw new BadBodyException("rollout.maxParallel: expected an integer, got " + parallel);
        }
    }

    /** A rollout body ({@code PUT /fleet/v1/units/<name>/rollout}, fleetd's): the new options, order, machines, budget. */
    public static byte[] rolloutBody(List<UnitOptionEntity> options, UnitRolloutEntity r) {
        StringBuilder b = unitObject(new StringBuilder(256), new UnitEntity(null, options, null, null, null, null));
        b.setLength(b.length() - 1);
        ids(comma(b).append("\"order\":["), r.order());
        ids(b.append("],\"machines\":["), r.machines());
        return b.append("],\"maxParallel\":").append(r.maxParallel()).append('}').toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void ids(StringBuilder b, List<String> ids) {
        for (String id : ids) {
            quote(comma(b), id);
        }
    }

    private static UnitOptionEntity option(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "option");
        return new UnitOptionEntity(string(o, "section"), string(o, "name"), string(o, "value"));
    }

    private static UnitReasonsEntity reasons(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "reasons");
        return new UnitReasonsEntity(stringMap(o, "machines"), string(o, "summary"));
    }

    private static UnitStateEntity state(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "state");
        return new UnitStateEntity(string(o, "name"), string(o, "hash"), string(o, "machineID"),
                string(o, "systemdLoadState"), string(o, "systemdActiveState"), string(o, "systemdSubState"),
                string(o, "agentError"));
    }

    private static MachineEntity machine(Object value) throws BadBodyException {
        Map<String, Object> o = object(value, "machine");
        return new MachineEntity(string(o, "id"), string(o, "primaryIP"), stringMap(o, "metadata"));
    }

    /** Reads one item of a list. */
    private interface Item<T> {
        T read(Object value) throws BadBodyException;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) throws BadBodyException {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new BadBodyException(what + ": expected an object, got " + kind(value));
    }

    private static <T> List<T> list(Map<String, Object> o, String field, Item<T> item) throws BadBodyException {
        Object value = o.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> values)) {
            throw new BadBodyException(field + ": expected an array, got " + kind(value));
        }
        List<T> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v == null ? null : item.read(v));
        }
        return out;
    }

    private static String string(Map<String, Object> o, String field) throws BadBodyException {
        return text(o.get(field), field);
    }

    private static Map<String, String> stringMap(Map<String, Object> o, String field) throws BadBodyException {
        Object value = o.get(field);
        if (value == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(value, field).entrySet()) {
            out.put(e.getKey(), text(e.getValue(), field + "." + e.getKey()));
        }
        return out;
    }

    private static String text(Object value, String field) throws BadBodyException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof JsonTree.JsonNumber || value instanceof Boolean) {
            return value.toString();
        }
        throw new BadBodyException(field + ": expected a string, got " + kind(value));
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value == null ? "null" : value instanceof String ? "a string" : value.toString();
    }
}
