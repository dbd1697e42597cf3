package fleet.api;

/** The API server could not start; the message says which listener and why. */
public final class ApiStartException extends RuntimeException {
    public ApiStartException(String message) {
        super(message);
    }

    public ApiStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
