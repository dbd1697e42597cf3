package fleet.api;

import java.util.ArrayList;
import java.util.List;

import fleet.registry.UnitCatalog;
import fleet.registry.MachineInfo;
import fleet.registry.MetadataChange;
import fleet.schema.MachinePage;

/** {@code /machines}: live machines with dynamic metadata merged (paged at one revision), and PATCH of metadata. */
final class MachinesResource {
    private final UnitCatalog registry;
    private final int tokenLimit;

    MachinesResource(UnitCatalog registry, int tokenLimit) {
        this.registry = registry;
        this.tokenLimit = tokenLimit;
    }

    ApiReply list(ApiRequest r) {
        PageToken asked = PageToken.fromQuery(r.all("nextPageToken"), tokenLimit);
        long rev = asked == null ? registry.revision() : asked.revision();
        List<MachineInfo> all = new ArrayList<>(registry.machineList(rev).values());
        Pages.Slice<MachineInfo> page = Pages.slice(all, Pages.effective(asked, tokenLimit, rev));
        return ApiReply.ok(new MachinePage(page.items().stream().map(EntityMapping::machine).toList(),
                page.nextPageToken()));
    }

    ApiReply patch(ApiRequest r) {
        List<MetadataChange> changes = MetadataPatch.parse(r.body());
        if (!changes.isEmpty()) {
            registry.machines().updateMetadata(changes);
        }
        return ApiReply.noContent();
    }
}
