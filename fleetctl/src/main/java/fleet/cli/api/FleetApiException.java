package fleet.cli.api;

/** The API refused a request (its error envelope), or could not be reached (status 0). */
public final class FleetApiException extends RuntimeException {
    private final int status;

    public FleetApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public FleetApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }
}
