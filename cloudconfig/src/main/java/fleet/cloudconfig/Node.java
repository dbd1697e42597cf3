package fleet.cloudconfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** A YAML node with its path in the document (e.g. {@code coreos.units[1].name}) for error messages. */
record Node(String path, JsonNode json) {

    /** Requires a mapping; with {@code allowed}, refuses every other key by its full path. */
    Node requireObject(Set<String> allowed) {
        if (!json.isObject()) {
            throw new CloudConfigException(where() + ": expected a mapping of keys, got " + kind());
        }
        if (allowed != null) {
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    String full = path.isEmpty() ? key : path + "." + key;
                    throw new CloudConfigException("'" + full + "' is not supported by fleet's cloud-config applier"
                            + Refusals.why(full) + " (supported here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
        }
        return this;
    }

    Optional<Node> optional(String key) {
        JsonNode child = json.get(key);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(new Node(child(key), child));
    }

    Node required(String key) {
        return optional(key).orElseThrow(() -> new CloudConfigException(child(key) + ": required"));
    }

    List<Node> elements() {
        if (!json.isArray()) {
            throw new CloudConfigException(where() + ": expected a list, got " + kind());
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(path + "[" + i + "]", json.get(i)));
        }
        return out;
    }

    /** A string value; numbers and booleans are refused where text is expected. */
    String text() {
        if (!json.isTextual()) {
            throw new CloudConfigException(where() + ": expected text, got " + kind());
        }
        return json.textValue();
    }

    /** Text, a number or a boolean, as its text (CoreOS wrote all of them into environment variables). */
    String scalar() {
        if (!json.isValueNode() || json.isNull()) {
            throw new CloudConfigException(where() + ": expected a single value, got " + kind());
        }
        return json.asText();
    }

    boolean bool() {
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        throw new CloudConfigException(where() + ": expected true or false, got " + kind()
                + (json.isValueNode() ? " '" + json.asText() + "'" : ""));
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
        return path.isEmpty() ? "the document" : path;
    }

    private String kind() {
        if (json.isObject()) {
            return "a mapping";
        }
        if (json.isArray()) {
            return "a list";
        }
        return json.isTextual() ? "text" : json.isBoolean() ? "a boolean" : json.isNumber() ? "a number" : "null";
    }
}
