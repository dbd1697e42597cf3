package fleet.registry;

/** A registry operation failed; the message says which and why. Subclasses name the cases callers handle. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
