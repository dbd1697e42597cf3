package fleet.units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import fleet.cloudconfig.Applier;
import fleet.cloudconfig.ApplyResult;
import fleet.cloudconfig.CloudConfig;
import fleet.cloudconfig.CloudConfigParser;
import fleet.cloudconfig.Placeholders;
import fleet.testing.LabMachine;
import fleet.unit.UnitFile;
import fleet.unit.UnitParseException;

/** The unit files the repository ships under {@code units/}, read from the work tree. */
final class ShippedUnits {
    private ShippedUnits() {
    }

    /** {@code units/<folder>} of the work tree: the nearest such directory above the working directory. */
    static Path folder(String folder) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p.resolve("units").resolve(folder);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("units/" + folder + " not found above " + Path.of("").toAbsolutePath());
    }

    /** {@code cloud-config/<name>} of the work tree. */
    static Path cloudConfig(String name) {
        return folder("kubernetes").getParent().getParent().resolve("cloud-config").resolve(name);
    }

    /**
     * Writes what {@code cloud-config/<name>} writes, into a lab machine, as bin/cloud-config-apply
     * would; the host commands it returns (systemctl ...) are left to the caller.
     */
    static ApplyResult applyCloudConfig(LabMachine m, String name) throws IOException {
        CloudConfig config = new CloudConfigParser(new Placeholders(Map.of("private_ipv4", m.ip())))
                .parse(Files.readString(cloudConfig(name)));
        return new Applier(m.root(), Set.of()).apply(config);
    }

    /** The {@code *.service} files of a folder, sorted by name. */
    static List<Path> services(String folder) throws IOException {
        try (Stream<Path> files = Files.list(folder(folder))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".service")).sorted().toList();
        }
    }

    static UnitFile parse(String folder, String fileName) throws IOException, UnitParseException {
        return UnitFile.parse(Files.readString(folder(folder).resolve(fileName)));
    }

    /** Copies a file into a machine, executable when {@code executable}. */
    static void install(LabMachine m, Path source, String pathInMachine, boolean executable) throws IOException {
        Path target = m.writeFile(pathInMachine, Files.readString(source));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** A do-nothing executable at {@code pathInMachine}: the stand-in for a binary absent here. */
    static void standIn(LabMachine m, String pathInMachine) throws IOException {
        Path target = m.writeFile(pathInMachine, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
