package fleet.registry;

import java.util.List;

/**
 * The engine's snapshot of the cluster for one leadership term: what each pass plans from. It may be
 * kept current between passes (from the watches on {@link #WATCHED} and the engine's own committed
 * writes) instead of read in full every time. Used from the engine's loop thread, except
 * {@link #listener}'s callbacks, which may come from any thread.
 */
public interface EngineView {
    /** The prefixes whose changes the view needs: the engine watches them from {@link #readRevision()} + 1. */
    List<String> WATCHED = List.of(EtcdKeys.UNITS, EtcdKeys.MACHINES, EtcdKeys.MACHINE_METADATA, EtcdKeys.FAILURES,
            EtcdKeys.COMPLETIONS, EtcdKeys.MOVES);

    /** What the watches on {@link #WATCHED} deliver to; {@code wake} runs after each delivery (the next pass). */
    WatchListener listener(Runnable wake);

    /** The cluster now; read in full when new, invalidated, or when {@code fullRead} is asked. */
    RegistrySnapshot current(boolean fullRead);

    /** The revision of the last full read (0 before one). */
    long readRevision();

    /** Whether the last {@link #current} read everything. */
    boolean lastWasFullRead();

    /** The engine committed {@code ops}, all of them, at {@code revision}. */
    void applied(List<PlacementOp> ops, long revision);

    /** Some writes may or may not have committed: trust nothing kept, read everything next time. */
    void invalidate();
}
