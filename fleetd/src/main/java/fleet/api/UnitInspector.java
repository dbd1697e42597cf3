package fleet.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Looks at a unit on this machine for {@code GET /units/<name>/status} and {@code .../journal}.
 * Implementations validate the unit name before running anything.
 */
public interface UnitInspector {
    /** The output of a status command and its exit status (systemctl exits non-zero for inactive units). */
    record Status(String text, int exitStatus) {}

    Status status(String unit) throws IOException, InterruptedException;

    /**
     * The unit's last {@code lines} journal lines, then (with {@code follow}) new ones as they come.
     * Closing the stream stops the underlying reader.
     */
    InputStream journal(String unit, int lines, boolean follow) throws IOException;
}
