package fleet.registry;

import java.util.regex.Pattern;

/** Validation of machine IDs and metadata keys before they become etcd key segments. */
final class MachineIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private MachineIds() {}

    static String validate(String id) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException("invalid machine ID " + (id == null ? "null" : '"' + id + '"')
                    + ": expected 1-128 characters of A-Z a-z 0-9 _ . : -");
        }
        return id;
    }

    static String validateMetadataKey(String key) {
        if (key == null || !METADATA_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid metadata key " + (key == null ? "null" : '"' + key + '"')
                    + ": expected 1 to 128 characters of A-Z a-z 0-9 _ . -");
        }
        return key;
    }
}
