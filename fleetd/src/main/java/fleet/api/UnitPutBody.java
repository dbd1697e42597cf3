package fleet.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.unit.DesiredState;
import fleet.unit.UnitOption;

/**
 * A decoded {@code PUT /units/<name>} body (fleet's partial {@code Unit}): the name (empty = the
 * URL's), the options (empty = none given) and the desired state (null = not given). Read-only
 * fields ({@code currentState}, {@code machineID}) and unknown fields are ignored.
 */
record UnitPutBody(String name, List<UnitOption> options, DesiredState desiredState) {

    static UnitPutBody decode(String body) {
        return decode(ApiJson.read(body));
    }

    /** One unit object of a body (a PUT's whole body, or an entry of a batch). */
    static UnitPutBody decode(JsonNode root) {
        if (!root.isObject()) {
            throw ApiException.badRequest("unable to decode body: expected a JSON object (a Unit)");
        }
        String name = ApiJson.optionalString(root, "name", "Unit");
        String desired = ApiJson.optionalString(root, "desiredState", "Unit");
        DesiredState state;
        try {
            state = desired == null || desired.isEmpty() ? null : DesiredState.parse(desired);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return new UnitPutBody(name == null ? "" : name, options(root.get("options")), state);
    }

    private static List<UnitOption> options(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("unable to decode body: \"options\" must be an array of UnitOption");
        }
        List<UnitOption> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode o = node.get(i);
            String what = "option " + (i + 1);
            if (!o.isObject()) {
                throw ApiException.badRequest("unable to decode body: " + what + " must be an object with section, "
                        + "name and value");
            }
            String section = ApiJson.optionalString(o, "section", what);
            String name = ApiJson.optionalString(o, "name", what);
            String value = ApiJson.optionalString(o, "value", what);
            if (section == null || section.isEmpty() || name == null || name.isEmpty()) {
                throw ApiException.badRequest("invalid options: " + what + " needs a non-empty section and name");
            }
            out.add(new UnitOption(section, name, value == null ? "" : value));
        }
        return out;
    }
}
