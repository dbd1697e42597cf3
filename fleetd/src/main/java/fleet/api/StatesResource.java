package fleet.api;

import java.util.Comparator;
import java.util.List;

import fleet.registry.UnitCatalog;
import fleet.registry.UnitStateRecord;
import fleet.schema.UnitStatePage;

/** {@code /state}: unit states, filtered by {@code machineID} and/or {@code unitName}, paged at one revision. */
final class StatesResource {
    private final UnitCatalog registry;
    private final int tokenLimit;

    StatesResource(UnitCatalog registry, int tokenLimit) {
        this.registry = registry;
        this.tokenLimit = tokenLimit;
    }

    ApiReply list(ApiRequest r) {
        PageToken asked = PageToken.fromQuery(r.all("nextPageToken"), tokenLimit);
        String unit = r.first("unitName");
        if (unit != null) {
            UnitNameParam.parse(unit);
        }
        long rev = asked == null ? registry.revision() : asked.revision();
        List<UnitStateRecord> all = registry.unitStates(unit, r.first("machineID"), rev).stream()
                .sorted(Comparator.comparing(UnitStateRecord::name).thenComparing(UnitStateRecord::machineID))
                .toList();
        Pages.Slice<UnitStateRecord> page = Pages.slice(all, Pages.effective(asked, tokenLimit, rev));
        return ApiReply.ok(new UnitStatePage(page.items().stream().map(EntityMapping::state).toList(),
                page.nextPageToken()));
    }

    /** The first state published for the unit (any machine; for a global unit an arbitrary one). */
    ApiReply get(ApiRequest r) {
        UnitNameParam.parse(r.name());
        return registry.unitStates(r.name(), null, 0).stream().findFirst()
                .map(s -> ApiReply.ok(EntityMapping.state(s)))
                .orElseThrow(() -> ApiException.notFound("unit state does not exist"));
    }
}
