package fleet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.MetadataChange;

/**
 * The body of {@code PATCH /machines}: a JSON-Patch-like array of {@code add | replace | remove} on
 * {@code /<machineID>/metadata/<key>}. The value is accepted as fleet's code sent it,
 * {@code "value":{"value":"v"}}, and as its docs show it, {@code "value":"v"}. Every op is checked
 * before any is applied; then all are applied in one etcd transaction (fleet applied them one by one).
 */
final class MetadataPatch {
    private static final Pattern PATH = Pattern.compile("^/([^/]+)/metadata/([A-Za-z0-9_.-]+)$");

    private MetadataPatch() {}

    static List<MetadataChange> parse(String body) {
        JsonNode root = ApiJson.read(body);
        if (!root.isArray()) {
            throw ApiException.badRequest("unable to decode body: expected a JSON array of operations");
        }
        List<MetadataChange> changes = new ArrayList<>();
        for (JsonNode op : root) {
            changes.add(change(op));
        }
        return changes;
    }

    private static MetadataChange change(JsonNode op) {
        if (!op.isObject()) {
            throw ApiException.badRequest("unable to decode body: each operation must be a JSON object");
        }
        String kind = ApiJson.optionalString(op, "op", "operation");
        if (!"add".equals(kind) && !"remove".equals(kind) && !"replace".equals(kind)) {
            throw ApiException.badRequest("invalid op: expect add, remove, or replace");
        }
        String path = ApiJson.optionalString(op, "path", "operation");
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches()) {
            throw ApiException.badRequest("machine metadata path invalid");
        }
        try {
            if (kind.equals("remove")) {
                return MetadataChange.remove(m.group(1), m.group(2));
            }
            String value = value(op.get("value"));
            if (value == null || value.isEmpty()) {
                throw ApiException.badRequest("invalid value: add and replace require a value");
            }
            return MetadataChange.set(m.group(1), m.group(2), value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String value(JsonNode v) {
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("invalid value: must be a string or {\"value\": string}");
        }
        return v.textValue();
    }
}
