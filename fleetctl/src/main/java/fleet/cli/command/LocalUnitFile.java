package fleet.cli.command;

import fleet.unit.UnitFile;
import fleet.unit.UnitParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and validates a unit file from disk; every problem is a one-line error naming the file. */
final class LocalUnitFile {
    static final long MAX_BYTES = 1024 * 1024;

    private LocalUnitFile() {}

    static UnitFile read(Path path) {
        String text;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw CliException.error("unit file " + path + " is larger than " + MAX_BYTES + " bytes");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw CliException.error("unit file " + path + " is not valid UTF-8");
        } catch (IOException e) {
            throw CliException.error("cannot read unit file " + path + ": " + e.getMessage());
        }
        UnitFile unit;
        try {
            unit = UnitFile.parse(text);
        } catch (UnitParseException e) {
            throw CliException.error("unit file " + path + ": " + e.getMessage());
        }
        if (unit.options().isEmpty()) {
            throw CliException.error("unit file " + path + " has no options");
        }
        return unit;
    }
}
