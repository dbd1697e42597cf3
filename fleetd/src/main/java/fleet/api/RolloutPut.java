package fleet.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.UnitRecord;
import fleet.registry.UnitStore;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;

/**
 * {@code PUT /fleet/v1/units/<name>/rollout} (ours): starts, moves on or resumes the rolling update
 * of a global unit. The body is {@code {"options":[...],"order":[ids],"machines":[ids],"maxParallel":n}}:
 * the new unit file, the machines in the order they take it, those that may run it now (a subset of
 * the order), and the budget the roller keeps to (shown, not enforced: the roller moves the machines).
 * 204 when stored; 404 when the unit does not exist; 400 when it is not global or the body is the
 * unit's own.
 */
final class RolloutPut {
    private final UnitStore units;

    RolloutPut(UnitStore units) {
        this.units = units;
    }

    ApiReply apply(String urlName, String body) {
        UnitName unitName = UnitNameParam.parse(urlName);
        JsonNode root = ApiJson.read(body);
        if (!root.isObject()) {
            throw ApiException.badRequest("unable to decode body: expected a JSON object (a rollout)");
        }
        UnitFile file = UnitPut.validFile(unitName, UnitPutBody.decode(root).options());
        List<String> order = ids(root, "order");
        List<String> machines = ids(root, "machines");
        if (!Set.copyOf(order).containsAll(machines) || new HashSet<>(order).size() != order.size()) {
            throw ApiException.badRequest("\"order\" must list each machine once, and \"machines\" only machines "
                    + "of the order");
        }
        JsonNode parallel = root.get("maxParallel");
        if (parallel == null || !parallel.canConvertToInt() || parallel.asInt() < 1) {
            throw ApiException.badRequest("\"maxParallel\" must be a number of 1 or more");
        }
        UnitRecord current = units.record(urlName).orElseThrow(() -> ApiException.notFound("unit does not exist"));
        if (current.hash().equals(file.hash())) {
            throw ApiException.badRequest("unit " + urlName + " already has this body: nothing to roll out");
        }
        units.rollout(urlName, file, order, machines, parallel.asInt());
        return ApiReply.noContent();
    }

    private static List<String> ids(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest("\"" + field + "\" must be an array of machine IDs");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || id.asText().isEmpty()) {
                throw ApiException.badRequest("\"" + field + "\" must be an array of machine IDs");
            }
            out.add(id.asText());
        }
        return out;
    }
}
