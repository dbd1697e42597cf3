package fleet.unit;

/** A unit name fleet and systemd would refuse; the message says why. */
public final class InvalidUnitNameException extends Exception {
    public InvalidUnitNameException(String message) {
        super(message);
    }
}
