package fleet.fleetd;

/** fleetd cannot start; the message tells the operator what to fix. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
