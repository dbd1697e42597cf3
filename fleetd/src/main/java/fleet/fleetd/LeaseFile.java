package fleet.fleetd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a gracefully stopped fleetd leaves its presence lease for the next one on this host (on
 * the tmpfs beside the units directory, so a reboot forgets it). Resuming that lease is what lets
 * {@code systemctl restart fleet} happen without the cluster seeing the machine leave.
 */
final class LeaseFile {
    private final Path file;

    LeaseFile(Path unitsDirectory) {
        Path parent = unitsDirectory.toAbsolutePath().getParent();
        this.file = (parent == null ? unitsDirectory : parent).resolve("fleetd.lease");
    }

    long read() {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim(), 16) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void write(long lease) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Long.toHexString(lease) + "\n");
        } catch (IOException e) {
            // only costs the next start a fresh registration after the old lease expires
        }
    }
}
