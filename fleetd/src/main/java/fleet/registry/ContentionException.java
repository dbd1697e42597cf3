package fleet.registry;

/** A compare-and-swap kept losing to concurrent writers: nothing was written, and trying again may succeed. */
public final class ContentionException extends RegistryException {
    public ContentionException(String message) {
        super(message);
    }
}
