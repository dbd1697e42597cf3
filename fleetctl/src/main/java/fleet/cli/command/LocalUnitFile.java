package fleet.cli.command;

import fleet.cli.apply.UnitFileReader;
import fleet.unit.UnitFile;
import java.nio.file.Path;

/** Reads and validates a unit file from disk; every problem is a one-line error naming the file. */
final class LocalUnitFile {
    private LocalUnitFile() {}

    static UnitFile read(Path path) {
        UnitFile unit = UnitFileReader.read(path, CliException::error);
        if (unit.options().isEmpty()) {
            throw CliException.error("unit file " + path + " has no options");
        }
        return unit;
    }
}
