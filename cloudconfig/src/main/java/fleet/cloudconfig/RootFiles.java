package fleet.cloudconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Writes files under a root directory (a host's / or a lab machine's /proc/PID/root) with exact modes. */
final class RootFiles {
    private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private final Path root;

    RootFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CloudConfigException("--root " + root + ": not a directory");
        }
        this.root = root;
    }

    /** Writes {@code absolutePath} (inside the root) through a temporary file, then sets its mode (the umask plays no part). */
    void write(String absolutePath, String content, int mode) {
        Path target = root.resolve(absolutePath.substring(1));
        try {
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(target)) {
                throw new CloudConfigException(absolutePath + ": is a directory under " + root);
            }
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, permissions(mode));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + absolutePath + " under " + root + ": " + e.getMessage(), e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }
}
