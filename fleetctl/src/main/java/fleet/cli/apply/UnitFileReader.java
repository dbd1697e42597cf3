package fleet.cli.apply;

import fleet.unit.UnitFile;
import fleet.unit.UnitParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a local unit file the one way fleetctl reads them (submit, start, verify, diff, apply): at
 * most 1 MiB, strict UTF-8, parsed; each failure a message naming the file, made into the caller's
 * exception.
 */
public final class UnitFileReader {
    public static final long MAX_BYTES = 1024 * 1024;

    private UnitFileReader() {}

    public static UnitFile read(Path path, Function<String, ? extends RuntimeException> error) {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw error.apply("unit file " + path + " is larger than " + MAX_BYTES + " bytes");
            }
            return UnitFile.parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw error.apply("cannot read unit file " + path + ": " + e.getMessage());
        } catch (UnitParseException e) {
            throw error.apply("unit file " + path + ": " + e.getMessage());
        }
    }
}
