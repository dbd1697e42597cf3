package fleet.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fleet.registry.RegistrySnapshot;
import fleet.registry.UnitCatalog;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitDetail;
import fleet.registry.UnitStateRecord;
import fleet.schema.UnitEntity;
import fleet.schema.UnitPage;

/** {@code /units}: list (paged, one revision), get, put ({@link UnitPut}), delete, and our batch create ({@link UnitBatch}). */
final class UnitsResource {
    private final UnitCatalog registry;
    private final int tokenLimit;
    private final UnitPut put;
    private final UnitBatch batch;
    private final RolloutPut rollout;

    UnitsResource(UnitCatalog registry, int tokenLimit) {
        this.registry = registry;
        this.tokenLimit = tokenLimit;
        this.put = new UnitPut(registry.units());
        this.batch = new UnitBatch(registry.units());
        this.rollout = new RolloutPut(registry.units());
    }

    ApiReply list(ApiRequest r) {
        PageToken asked = PageToken.fromQuery(r.all("nextPageToken"), tokenLimit);
        RegistrySnapshot s = registry.snapshot(asked == null ? 0 : asked.revision());
        Map<String, String> placements = new HashMap<>();
        for (ScheduledUnit p : s.schedule()) {
            placements.put(p.name(), p.machineId());
        }
        Map<String, List<UnitStateRecord>> states = new HashMap<>();
        for (UnitStateRecord st : registry.unitStates(null, null, s.revision())) {
            states.computeIfAbsent(st.name(), k -> new ArrayList<>()).add(st);
        }
        List<StoredUnit> all = s.units().values().stream().sorted(Comparator.comparing(StoredUnit::name)).toList();
        Pages.Slice<StoredUnit> page = Pages.slice(all, Pages.effective(asked, tokenLimit, s.revision()));
        List<UnitEntity> out = page.items().stream()
                .map(u -> EntityMapping.unit(u, placements.get(u.name()), states.getOrDefault(u.name(), List.of()),
                        s.reasons().get(u.name())))
                .toList();
        return ApiReply.ok(new UnitPage(out, page.nextPageToken()));
    }

    ApiReply get(ApiRequest r) {
        String name = r.name();
        UnitNameParam.parse(name);
        UnitDetail d = registry.unitDetail(name).orElseThrow(() -> ApiException.notFound("unit does not exist"));
        return ApiReply.ok(EntityMapping.unit(d.unit(), d.placement(), d.states(), d.reasons()));
    }

    ApiReply put(ApiRequest r) {
        return put.apply(r.name(), UnitPutBody.decode(r.body()));
    }

    ApiReply putRollout(ApiRequest r) {
        return rollout.apply(r.name(), r.body());
    }

    ApiReply createMany(ApiRequest r) {
        return batch.apply(r.body(), UnitBatch.dryRun(r.all("dryRun")));
    }

    ApiReply delete(ApiRequest r) {
        UnitNameParam.parse(r.name());
        registry.units().delete(r.name());
        return ApiReply.noContent();
    }
}
