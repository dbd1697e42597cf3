package fleet.schedule;

import fleet.constraint.Resources;
import java.util.Map;
import java.util.Objects;

/**
 * A live machine in the snapshot.
 *
 * @param capacity what the machine has ({@link Resources#UNBOUNDED} if it did not say)
 * @param reserved what is taken outside fleet's units (the OS, other workloads)
 */
public record Machine(String id, String publicIP, Map<String, String> metadata, Resources capacity,
                      Resources reserved) {

    public Machine {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("machine ID cannot be empty");
        }
        publicIP = publicIP == null ? "" : publicIP;
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(reserved, "reserved");
    }

    /** A machine with no capacity limit and nothing reserved. */
    public static Machine of(String id, Map<String, String> metadata) {
        return new Machine(id, "", metadata, Resources.UNBOUNDED, Resources.NONE);
    }
}
