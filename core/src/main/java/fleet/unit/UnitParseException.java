package fleet.unit;

/** A unit file that systemd would not accept; the message names the line. */
public final class UnitParseException extends Exception {
    private final int line;

    public UnitParseException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** 1-based line number of the offending line, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
