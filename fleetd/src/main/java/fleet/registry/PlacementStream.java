package fleet.registry;

import java.util.List;

/**
 * Placements written while the engine's pass is still deciding the rest, under one fence: writes
 * start before the whole plan is made. Not thread-safe: one pass sends, then finishes.
 */
public interface PlacementStream {
    /**
     * Writes these placements (none placed before in this stream), fenced, sending the transactions
     * they fill; may wait while many are in flight. A failed fence is reported by {@link #finish}.
     */
    void send(List<PlacementOp.Place> places);

    /** Waits until everything sent committed; {@link FenceLostException} if the fence failed. */
    PlacementResult finish();
}
