package fleet.registry;

/** A read asked for a revision etcd no longer has (compacted) or does not have yet. */
public final class RevisionCompactedException extends RegistryException {
    public RevisionCompactedException(String message, Throwable cause) {
        super(message, cause);
    }
}
