package fleet.registry;

/**
 * The fence compare failed: the leader key is gone or was re-created, so this process is no longer
 * the engine. The failing transaction wrote nothing; {@link #committedOps()} earlier operations of
 * the same call had been committed (in earlier transactions, while the fence still held).
 */
public final class FenceLostException extends RegistryException {
    private final int committedOps;

    public FenceLostException(Fence fence, int committedOps) {
        super("leadership lost: " + fence.key() + " no longer has create revision " + fence.createRevision()
                + "; " + committedOps + " placement operations had been committed before");
        this.committedOps = committedOps;
    }

    public int committedOps() {
        return committedOps;
    }
}
