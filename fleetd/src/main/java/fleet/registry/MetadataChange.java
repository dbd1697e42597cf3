package fleet.registry;

/** One dynamic metadata edit of the API's PATCH: set {@code key} to {@code value}, or remove it ({@code ""}). */
public record MetadataChange(String machineId, String key, String value) {
    /**
     * Metadata is a label (role=web, region=eu-west), not a store: a bound on it keeps every etcd page
     * of machine metadata, and the engine's and agents' reads of it, small.
     */
    public static final int MAX_VALUE_BYTES = 1024;

    public MetadataChange {
        MachineIds.validate(machineId);
        MachineIds.validateMetadataKey(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata " + key + " of " + machineId + ": value is null");
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("metadata " + key + " of " + machineId + ": value longer than "
                    + MAX_VALUE_BYTES + " bytes");
        }
    }

    public static MetadataChange set(String machineId, String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("metadata " + key + " of " + machineId + ": value must not be empty");
        }
        return new MetadataChange(machineId, key, value);
    }

    /** Stored as {@code ""}, which also hides a key of the machine's config metadata. */
    public static MetadataChange remove(String machineId, String key) {
        return new MetadataChange(machineId, key, "");
    }
}
