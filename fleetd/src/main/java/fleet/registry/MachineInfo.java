package fleet.registry;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code machines/<machineID>}: a live machine as its agent registers it. In listings
 * {@link #metadata()} is the config metadata with the dynamic metadata (API PATCH) merged over it.
 */
public record MachineInfo(
        @JsonProperty("id") String id,
        @JsonProperty("publicIP") String publicIP,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("version") String version,
        @JsonProperty("capacity") Capacity capacity,
        @JsonProperty("disableEngine") boolean disableEngine) {

    public MachineInfo {
        MachineIds.validate(id);
        publicIP = publicIP == null ? "" : publicIP;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        version = version == null ? "" : version;
        capacity = capacity == null ? new Capacity(0, 0) : capacity;
    }

    /** What the machine offers to units; 0 = unknown. */
    public record Capacity(@JsonProperty("cpus") int cpus, @JsonProperty("memoryBytes") long memoryBytes) {}

    public MachineInfo withMetadata(Map<String, String> merged) {
        return new MachineInfo(id, publicIP, merged, version, capacity, disableEngine);
    }
}
