package fleet.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.etcd.jetcd.op.Op;

/**
 * Machine listings ({@code machines/}) with dynamic metadata ({@code machine-metadata/<id>/<key>},
 * no lease, survives leave and rejoin) merged over each machine's config metadata.
 */
public final class MachineStore {
    private final Etcd etcd;

    MachineStore(Etcd etcd) {
        this.etcd = etcd;
    }

    /** Live machines by ID, metadata merged, read at one revision. */
    public Map<String, MachineInfo> list() {
        return list(0);
    }

    /** Live machines at {@code revision} (0 = now). */
    public Map<String, MachineInfo> list(long revision) {
        RangeRead machines = etcd.range(EtcdKeys.MACHINES, revision);
        RangeRead metadata = etcd.range(EtcdKeys.MACHINE_METADATA, machines.revision());
        return merge(machines, metadata);
    }

    static Map<String, MachineInfo> merge(RangeRead machines, RangeRead dynamicMetadata) {
        Map<String, Map<String, String>> dynamic = new HashMap<>();
        for (StoredKey k : dynamicMetadata.keys()) {
            String id = EtcdKeys.secondSegment(k.key(), EtcdKeys.MACHINE_METADATA);
            dynamic.computeIfAbsent(id, x -> new TreeMap<>())
                    .put(EtcdKeys.lastSegment(k.key()), RegistryJson.read(k, String.class));
        }
        Map<String, MachineInfo> out = new TreeMap<>();
        for (StoredKey k : machines.keys()) {
            MachineInfo info = RegistryJson.read(k, MachineInfo.class);
            out.put(info.id(), info.withMetadata(mergeOver(info.metadata(), dynamic.getOrDefault(info.id(), Map.of()))));
        }
        return out;
    }

    /**
     * {@code self}'s metadata as the engine sees it, read now: its config metadata with its dynamic
     * metadata ({@code machine-metadata/<id>/}) merged over it. The agent uses it for global units.
     */
    public Map<String, String> metadataOf(MachineInfo self) {
        Map<String, String> dynamic = new TreeMap<>();
        for (StoredKey k : etcd.range(EtcdKeys.MACHINE_METADATA + self.id() + "/", 0).keys()) {
            dynamic.put(EtcdKeys.lastSegment(k.key()), RegistryJson.read(k, String.class));
        }
        return mergeOver(self.metadata(), dynamic);
    }

    /** Dynamic values win; an empty dynamic value removes the key. */
    static Map<String, String> mergeOver(Map<String, String> config, Map<String, String> dynamic) {
        Map<String, String> merged = new TreeMap<>(config);
        dynamic.forEach((key, value) -> {
            if (value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /**
     * Applies all changes in one transaction (all or nothing, unlike fleet v1's PATCH), only while
     * every machine named is registered: metadata of a machine that never existed would live forever.
     */
    public long updateMetadata(List<MetadataChange> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("no metadata changes given");
        }
        Map<String, Op> byKey = new java.util.LinkedHashMap<>();
        java.util.Set<String> machines = new java.util.TreeSet<>();
        for (MetadataChange c : changes) {
            String key = EtcdKeys.machineMetadata(c.machineId(), c.key());
            byKey.remove(key);
            byKey.put(key, etcd.put(key, RegistryJson.write(c.value())));
            machines.add(c.machineId());
        }
        List<io.etcd.jetcd.op.Cmp> registered = machines.stream().map(m -> etcd.present(EtcdKeys.machine(m))).toList();
        List<Op> which = machines.stream().map(m -> etcd.getOp(EtcdKeys.machine(m))).toList();
        var r = etcd.commit(registered, new ArrayList<>(byKey.values()), which, "update machine metadata");
        if (!r.isSucceeded()) {
            List<String> ids = new ArrayList<>(machines);
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (r.getGetResponses().get(i).getKvs().isEmpty()) {
                    missing.add(ids.get(i));
                }
            }
            throw new MachineNotFoundException(missing.isEmpty() ? ids : missing);
        }
        return r.getHeader().getRevision();
    }
}
