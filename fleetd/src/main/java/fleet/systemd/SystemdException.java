package fleet.systemd;

/** A systemd call failed: the bus is unreachable, or systemd refused the request (its message is kept). */
public final class SystemdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SystemdException(String message, Throwable cause) {
        super(message, cause);
    }

    public SystemdException(String message) {
        super(message);
    }
}
