package fleet.registry;


/**
 * What {@link EngineLeadership} tells the engine loop. Both methods run on the leadership thread,
 * one at a time and in order; they must return quickly (hand work to another thread).
 */
public interface LeadershipListener {
    /** We won: every engine write from now on must carry this fence. */
    void onElected(Fence fence);

    /** We no longer lead (or cannot be sure we do): stop writing at once; the old fence is dead. */
    void onDeposed();
}
