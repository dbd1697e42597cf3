package fleet.registry;

/** A running watch; closing it stops the deliveries. */
public interface WatchHandle extends AutoCloseable {
    @Override
    void close();
}
