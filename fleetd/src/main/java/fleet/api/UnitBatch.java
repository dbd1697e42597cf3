package fleet.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import fleet.registry.NewUnit;
import fleet.registry.UnitRecord;
import fleet.registry.UnitStore;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;

/**
 * {@code POST /fleet/v1/units} (ours; fleet v1.0 has no POST on the collection): creates many units
 * at once, each directly in its desired state ({@code inactive} when none is given). Every entry is
 * checked as {@link UnitPut} checks a PUT with options, and against what is stored, before anything
 * is written: a bad entry is a 400, an existing unit with other content a 409 (replacing is a PUT's
 * job), and then nothing is written. An existing unit with the same content only has its desired
 * state set. New units go to etcd in as few transactions as its limits allow, each all-or-nothing
 * ({@link UnitStore#createAll}); a unit created by someone else between the check and the write is
 * settled on its own, and may then be refused in the reply (409 in its entry) while others were written.
 * With {@code ?dryRun=All} (Kubernetes' spelling) the same checks run and nothing is written: a client
 * with more units than one request holds checks them all first, then creates each directly in its state.
 */
final class UnitBatch {
    /** The most entries of one request (the body limit and {@link ApiJson#MAX_VALUES} bound it too). */
    static final int MAX_ENTRIES = 500;

    private final UnitStore units;

    UnitBatch(UnitStore units) {
        this.units = units;
    }

    /** The reply: one result per entry, in the request's order; {@code dryRun} when nothing was written. */
    record Results(List<Result> units, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun) {}

    /** {@code status}: 201 created, 204 desired state set, 409 refused (taken meanwhile with other content). */
    record Result(String name, int status, String message) {}

    private record Entry(String name, UnitFile file, DesiredState desired) {}

    /** {@code ?dryRun}: absent writes, {@code All} only checks; any other value is a 400. */
    static boolean dryRun(List<String> values) {
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() == 1 && values.get(0).equals("All")) {
            return true;
        }
        throw ApiException.badRequest("dryRun must be All (check the units, write nothing), got " + values);
    }

    ApiReply apply(String body, boolean dryRun) {
        List<Entry> entries = decode(ApiJson.read(body));
        Map<String, UnitRecord> stored = units.records(entries.stream().map(Entry::name).toList());
        for (Entry e : entries) {
            UnitRecord held = stored.get(e.name());
            if (held != null && !held.hash().equals(e.file().hash())) {
                throw ApiException.conflict("unit " + e.name() + " exists with different content; replace it with "
                        + "PUT /fleet/v1/units/" + e.name());
            }
            if (held != null && e.desired() == null) {
                throw ApiException.conflict("unit " + e.name() + " exists; must provide desiredState to update it");
            }
        }
        if (dryRun) {
            return ApiReply.ok(new Results(entries.stream()
                    .map(e -> new Result(e.name(), stored.containsKey(e.name()) ? 204 : 201, null)).toList(), true));
        }
        List<NewUnit> fresh = entries.stream().filter(e -> !stored.containsKey(e.name()))
                .map(e -> new NewUnit(e.name(), e.file(), orInactive(e.desired()))).toList();
        Set<String> takenMeanwhile = new HashSet<>(units.createAll(fresh));
        List<Result> results = new ArrayList<>();
        for (Entry e : entries) {
            if (stored.containsKey(e.name()) || takenMeanwhile.contains(e.name())) {
                results.add(settle(e));
            } else {
                results.add(new Result(e.name(), 201, null));
            }
        }
        return ApiReply.ok(new Results(results, null));
    }

    /** One unit that exists (or may): the same content gets its desired state, other content is refused. */
    private Result settle(Entry e) {
        Optional<UnitRecord> held = units.createOrGet(e.name(), e.file(), orInactive(e.desired()));
        if (held.isEmpty()) {
            return new Result(e.name(), 201, null);
        }
        if (!held.get().hash().equals(e.file().hash())) {
            return new Result(e.name(), 409, "unit " + e.name() + " was created meanwhile with different content");
        }
        if (e.desired() != null) {
            units.setDesiredState(e.name(), e.desired());
        }
        return new Result(e.name(), 204, null);
    }

    private static List<Entry> decode(JsonNode root) {
        JsonNode list = root.isObject() ? root.get("units") : null;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("unable to decode body: expected {\"units\": [Unit, ...]} with at least one unit");
        }
        if (list.size() > MAX_ENTRIES) {
            throw new ApiException(413, list.size() + " units in one request; at most " + MAX_ENTRIES);
        }
        List<Entry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                Entry e = entry(UnitPutBody.decode(list.get(i)));
                if (!names.add(e.name())) {
                    throw ApiException.badRequest("unit " + e.name() + " is given more than once");
                }
                out.add(e);
            } catch (ApiException e) {
                throw new ApiException(e.status(), "units[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    /** The checks of a PUT with options, and a name and options are required. */
    private static Entry entry(UnitPutBody u) {
        if (u.name().isEmpty()) {
            throw ApiException.badRequest("name required");
        }
        UnitName name = UnitNameParam.parse(u.name());
        if (u.options().isEmpty()) {
            throw ApiException.badRequest("options required: this request creates units");
        }
        UnitFile file = UnitPut.validFile(name, u.options());
        if (name.isTemplate() && u.desiredState() != null && u.desiredState() != DesiredState.INACTIVE) {
            throw ApiException.badRequest("cannot activate template \"" + u.name() + "\"");
        }
        return new Entry(u.name(), file, u.desiredState());
    }

    private static DesiredState orInactive(DesiredState s) {
        return s == null ? DesiredState.INACTIVE : s;
    }
}
