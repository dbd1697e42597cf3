package fleet.registry;

/** What a fenced {@link DecisionWriter#apply} committed: all operations, in {@code transactions} txns. */
public record PlacementResult(int committedOps, int transactions, long lastRevision) {}
