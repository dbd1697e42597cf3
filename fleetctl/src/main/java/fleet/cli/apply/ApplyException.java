package fleet.cli.apply;

/** A problem with the unit files given to diff or apply, as one line naming the file. */
public final class ApplyException extends RuntimeException {
    public ApplyException(String message) {
        super(message);
    }
}
