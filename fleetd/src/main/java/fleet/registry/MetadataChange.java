package fleet.registry;

/** One dynamic metadata edit of the API's PATCH: set {@code key} to {@code value}, or remove it ({@code ""}). */
public record MetadataChange(String machineId, String key, String value) {
    public MetadataChange {
        MachineIds.validate(machineId);
        MachineIds.validateMetadataKey(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata " + key + " of " + machineId + ": value is null");
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
