package fleet.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitName;
import fleet.unit.UnitParseException;

/**
 * The agent's units directory ({@code units_directory}, default {@code /run/fleet/units}). Files are
 * written whole (temp file, then rename) with mode 0644. {@link #list()} hashes the parsed content,
 * so a restarted agent recognises the files it wrote. {@code root} is where the host's {@code /} is
 * seen from this process: {@code /} normally; {@code /proc/<pid>/root} when systemd runs in another
 * mount namespace (a lab machine). Paths given to systemd never include the root.
 */
public final class UnitFiles {
    private static final Logger LOG = LoggerFactory.getLogger(UnitFiles.class);
    private static final String TEMP_PREFIX = ".fleet-tmp-";

    private final Path root;
    private final Path directory;
    /** Files hashed by the last {@link #list()}; an agent uses its UnitFiles from one thread. */
    private final Map<String, Hashed> hashes = new HashMap<>();

    /** {@code directory} is absolute, as systemd sees it; {@code root} is prepended for file access. */
    public UnitFiles(Path root, Path directory) {
        if (!directory.isAbsolute() || !root.isAbsolute()) {
            throw new IllegalArgumentException("units directory and root must be absolute paths, got " + directory
                    + " under " + root);
        }
        this.root = root;
        this.directory = directory.normalize();
    }

    /** The path systemd is given for this unit. */
    public Path systemdPath(String unitName) {
        return directory.resolve(checked(unitName));
    }

    /** The path this process reads and writes. */
    public Path localPath(String unitName) {
        return local(directory).resolve(checked(unitName));
    }

    /** Writes the unit's serialized file atomically; returns the path to give systemd. */
    public Path write(String unitName, UnitFile body) {
        Path target = localPath(unitName);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(temp, body.serialize(), StandardCharsets.UTF_8);
                // createTempFile's mode is filtered by the umask: set it explicitly
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write unit file " + target + ": " + e.getMessage(), e);
        }
        return systemdPath(unitName);
    }

    /**
     * The unit files present, by name, with the hash of their parsed content. A file that does not
     * parse gets the hash of its raw bytes, which no scheduled unit has, so it is replaced. Names that
     * are not unit names (and our own temp files) are skipped.
     */
    public Map<String, UnitHash> list() {
        Map<String, UnitHash> out = new TreeMap<>();
        Path dir = local(directory);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    continue;
                }
                if (!UnitName.isValid(name)) {
                    LOG.warn("{}: not a unit name; ignored", f);
                    continue;
                }
                out.put(name, cachedHashOf(name, f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list unit files in " + dir + ": " + e.getMessage(), e);
        }
        hashes.keySet().retainAll(out.keySet());
        return out;
    }

    /**
     * The hash of a file as last read, while its inode, size and modification time are unchanged:
     * an agent pass lists every file, and parsing hundreds of them on every pass cost more than
     * the rest of the pass. Our writes replace the file (a new inode); an edit in place changes
     * the modification time.
     */
    private UnitHash cachedHashOf(String name, Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        FileVersion version = new FileVersion(a.fileKey(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        Hashed known = hashes.get(name);
        if (known != null && version.fileKey() != null && known.version().equals(version)) {
            return known.hash();
        }
        UnitHash h = hashOf(f);
        hashes.put(name, new Hashed(version, h));
        return h;
    }

    private record FileVersion(Object fileKey, long size, long modifiedNanos) {}

    private record Hashed(FileVersion version, UnitHash hash) {}

    /** Deletes the unit's file; a file already gone is no error. */
    public void delete(String unitName) {
        Path p = localPath(unitName);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete unit file " + p + ": " + e.getMessage(), e);
        }
    }

    private static UnitHash hashOf(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        try {
            return UnitFile.parse(bytes).hash();
        } catch (UnitParseException e) {
            LOG.warn("{}: unreadable unit file ({}); it will be replaced", f, e.getMessage());
            return UnitHash.of("unparseable:" + new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path local(Path absolute) {
        return root.resolve(root.getRoot().relativize(absolute));
    }

    private static String checked(String unitName) {
        if (!UnitName.isValid(unitName)) {
            throw new IllegalArgumentException("not a valid unit name: " + unitName);
        }
        return unitName;
    }
}
