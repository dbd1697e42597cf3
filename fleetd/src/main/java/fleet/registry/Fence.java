package fleet.registry;

/**
 * Proof of leadership attached to every engine write: the full etcd key of the leader's election
 * entry and the create revision it had when leadership was won. The registry adds
 * {@code createRevision(key) == createRevision} to the transaction's compare, so a deposed leader
 * (whose key expired or was replaced) can write nothing.
 */
public record Fence(String key, long createRevision) {
    public Fence {
        if (key == null || key.isEmpty() || createRevision <= 0) {
            throw new IllegalArgumentException("a fence needs the leader key and its create revision");
        }
    }
}
