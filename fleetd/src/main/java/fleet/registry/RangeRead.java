package fleet.registry;

import java.util.List;
import java.util.Optional;

/** Keys read at one etcd revision. */
record RangeRead(long revision, List<StoredKey> keys) {
    RangeRead {
        keys = List.copyOf(keys);
    }

    Optional<StoredKey> single() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
    }
}
