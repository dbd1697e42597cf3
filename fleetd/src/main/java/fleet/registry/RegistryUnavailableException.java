package fleet.registry;

/** etcd did not answer in time or could not be reached; retrying later may succeed. */
public final class RegistryUnavailableException extends RegistryException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
