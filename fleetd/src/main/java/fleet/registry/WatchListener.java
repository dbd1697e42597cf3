package fleet.registry;

import java.util.List;

/** Receives a {@link RegistryWatch}'s events, one call at a time, on the watch's own thread. */
public interface WatchListener {
    /** Changes in revision order. */
    void onEvents(List<KeyEvent> events);

    /**
     * Events were lost (the watched revision was compacted): re-read your state at {@code revision}
     * (e.g. {@link SnapshotReader#snapshot(long)}); events after {@code revision} follow.
     */
    void resync(long revision);
}
