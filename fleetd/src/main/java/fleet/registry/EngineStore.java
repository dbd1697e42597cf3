package fleet.registry;

import java.util.List;

/**
 * The engine's port to the registry, and all of it: a view of the cluster per leadership term, the
 * fenced writes of its decisions, and the watches that wake it. Only the engine holds one.
 */
public interface EngineStore {
    /** A new, empty view: read in full on first use. */
    EngineView newView();

    /**
     * Writes {@code ops} in order, each batch only while {@code fence} holds; {@link FenceLostException}
     * says how many committed before it failed. Placing one unit twice in one call is refused.
     */
    PlacementResult apply(Fence fence, List<PlacementOp> ops);

    /**
     * Placements written as a pass decides them, each transaction fenced like {@link #apply}'s. What
     * follows in the same pass goes through {@link #apply} once the stream finished.
     */
    PlacementStream stream(Fence fence);

    /** Watches {@code prefix} (e.g. {@code "units/"}) from {@code fromRevision} on. */
    WatchHandle watch(String prefix, long fromRevision, WatchListener listener);

    /** The registry's current revision. */
    long revision();
}
