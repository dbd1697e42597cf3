package fleet.registry;

/**
 * The cluster as a live view reads it: the current {@link ClusterPicture}, and a signal after each
 * change, so that a view follows the cluster without polling etcd per viewer.
 */
public interface ClusterFeed {
    /**
     * The cluster now.
     *
     * @throws RegistryException when etcd cannot be read
     */
    ClusterPicture picture();

    /**
     * Calls {@code listener} after every change applied to what {@link #picture()} reads (on the
     * feed's thread: keep it short); closing the handle stops the calls.
     */
    AutoCloseable onChange(Runnable listener);
}
