package fleet.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** This machine's ID: the 32 lower-case hex digits of {@code machine_id_file} (systemd's machine-id). */
public record MachineIdentity(String machineId) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public MachineIdentity {
        if (machineId == null || !ID.matcher(machineId).matches()) {
            throw new ConfigException("invalid machine ID \"" + machineId + "\": expected 32 lower-case hex digits");
        }
    }

    /** Reads the file; surrounding whitespace (the trailing newline) is ignored. */
    public static MachineIdentity read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException("cannot read the machine ID from " + file + " (machine_id_file): " + e);
        }
        if (!ID.matcher(text).matches()) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new ConfigException("invalid machine ID in " + file + " (machine_id_file): \"" + shown
                    + "\"; expected 32 lower-case hex digits, as in /etc/machine-id (systemd-machine-id-setup writes one)");
        }
        return new MachineIdentity(text);
    }
}
