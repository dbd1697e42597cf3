package fleet.constraint;

/** An {@code [X-Fleet]} section fleet refuses; the message is fleet's own text for the same case. */
public final class InvalidRequirementsException extends Exception {
    public InvalidRequirementsException(String message) {
        super(message);
    }
}
