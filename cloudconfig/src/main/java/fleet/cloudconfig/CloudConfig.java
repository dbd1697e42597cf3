package fleet.cloudconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cloud-config file asks for, after placeholder substitution and validation.
 *
 * @param fleet {@code coreos.fleet}: fleet.conf option → value, in file order
 * @param etcd {@code coreos.etcd2}: etcd option → value, in file order
 */
public record CloudConfig(Optional<String> hostname, List<WriteFile> writeFiles, Map<String, String> fleet,
                          Map<String, String> etcd, List<UnitSpec> units) {
    public CloudConfig {
        writeFiles = List.copyOf(writeFiles);
        fleet = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fleet));
        etcd = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(etcd));
        units = List.copyOf(units);
    }

    /** This config with {@code coreos.fleet} options replaced or added (the lab's per-machine overrides). */
    public CloudConfig withFleetOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(fleet);
        overrides.forEach((k, v) -> {
            FleetOptions.requireKnown(k, "--fleet " + k);
            merged.put(k, v);
        });
        return new CloudConfig(hostname, writeFiles, merged, etcd, units);
    }
}
