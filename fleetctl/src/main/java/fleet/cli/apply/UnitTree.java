package fleet.cli.apply;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads unit files as kept in git: files named on the command line, and every file with a unit name
 * under a directory (recursively; hidden entries such as {@code .git} and other files such as a
 * README are skipped). A symlink {@code web@1.service -> web@.service} is the instance
 * {@code web@1.service} with its template's body.
 */
public final class UnitTree {

    private UnitTree() {}

    /** The units of all paths, sorted by name; a name declared by two different files is an error. */
    public static List<LocalUnit> read(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new ApplyException("no unit files or directories given");
        }
        Map<String, LocalUnit> byName = new TreeMap<>();
        for (Path path : paths) {
            for (Path file : unitFiles(path)) {
                LocalUnit unit = readUnit(file);
                LocalUnit before = byName.putIfAbsent(unit.name(), unit);
                if (before != null && !sameFile(before.source(), file)) {
                    throw new ApplyException("unit " + unit.name() + " is declared twice: " + before.source()
                            + " and " + file);
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static List<Path> unitFiles(Path path) {
        if (Files.isRegularFile(path)) {
            if (!UnitName.isValid(name(path))) {
                throw new ApplyException(path + " is not named like a unit (e.g. web.service, web@1.service)");
            }
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new ApplyException(path + ": no such file or directory");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> !p.equals(path) && !hidden(path.relativize(p)))
                    // a broken symlink is kept, so that reading it reports it
                    .filter(p -> UnitName.isValid(name(p)) && !Files.isDirectory(p)).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ApplyException("cannot read directory " + path + ": " + e.getMessage());
        }
    }

    private static LocalUnit readUnit(Path file) {
        String name = name(file);
        UnitFile parsed = UnitFileReader.read(file, ApplyException::new);
        UnitFile body = ApplyKeys.withoutApplyKeys(parsed);
        if (body.options().isEmpty()) {
            throw new ApplyException("unit file " + file + " has no options");
        }
        DesiredState desired;
        try {
            desired = ApplyKeys.desiredState(parsed);
        } catch (IllegalArgumentException e) {
            throw new ApplyException("unit file " + file + ": [X-Fleet] " + ApplyKeys.DESIRED_STATE + ": "
                    + e.getMessage());
        }
        // fleet keeps a template only as a source for instances: it can never be loaded or launched
        boolean template = UnitName.trusted(name).isTemplate();
        return new LocalUnit(name, body, template ? DesiredState.INACTIVE : desired, file);
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path p) {
        Path file = p.getFileName();
        return file == null ? "" : file.toString();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b) && a.getFileName().equals(b.getFileName());
        } catch (IOException e) {
            return false;
        }
    }
}
