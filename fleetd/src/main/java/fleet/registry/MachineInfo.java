package fleet.registry;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code machines/<machineID>}: a live machine as its agent registers it. In listings
 * {@link #metadata()} is the config metadata with the dynamic metadata (API PATCH) merged over it.
 * {@link #apiEndpoint()} is the machine's first TCP API listener as {@code host:port} (empty when it
 * has none): where other machines' APIs forward {@code status} and {@code journal} requests.
 * {@link #stopping()} is set by a fleetd stopping gracefully: its lease lives on for the next fleetd
 * on the host, and meanwhile the engine places nothing new there.
 */
public record MachineInfo(
        @JsonProperty("id") String id,
        @JsonProperty("publicIP") String publicIP,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("version") String version,
        @JsonProperty("capacity") Capacity capacity,
        @JsonProperty("disableEngine") boolean disableEngine,
        @JsonProperty("apiEndpoint") @JsonInclude(JsonInclude.Include.NON_EMPTY) String apiEndpoint,
        @JsonProperty("stopping") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean stopping) {

    @JsonCreator
    public MachineInfo {
        MachineIds.validate(id);
        publicIP = publicIP == null ? "" : publicIP;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        version = version == null ? "" : version;
        capacity = capacity == null ? new Capacity(0, 0) : capacity;
        apiEndpoint = apiEndpoint == null ? "" : apiEndpoint;
    }

    public MachineInfo(String id, String publicIP, Map<String, String> metadata, String version, Capacity capacity,
            boolean disableEngine, String apiEndpoint) {
        this(id, publicIP, metadata, version, capacity, disableEngine, apiEndpoint, false);
    }

    /** A machine that publishes no API endpoint. */
    public MachineInfo(String id, String publicIP, Map<String, String> metadata, String version, Capacity capacity,
            boolean disableEngine) {
        this(id, publicIP, metadata, version, capacity, disableEngine, "", false);
    }

    /** What the machine offers to units; 0 = unknown. */
    public record Capacity(@JsonProperty("cpus") int cpus, @JsonProperty("memoryBytes") long memoryBytes) {}

    public MachineInfo withMetadata(Map<String, String> merged) {
        return new MachineInfo(id, publicIP, merged, version, capacity, disableEngine, apiEndpoint, stopping);
    }

    public MachineInfo asStopping() {
        return new MachineInfo(id, publicIP, metadata, version, capacity, disableEngine, apiEndpoint, true);
    }
}
