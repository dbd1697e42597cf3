package fleet.cli.command;

import fleet.constraint.InvalidRequirementsException;
import fleet.constraint.XFleetParser;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fleetctl verify UNIT-FILE}: {@code systemd-analyze verify} of a local unit file, plus the checks
 * fleetd makes of its {@code [X-Fleet]} section. A warning about the file counts as a problem.
 */
@Command(name = "verify", description = "Check a local unit file with systemd-analyze verify and fleet's [X-Fleet] rules")
public final class VerifyCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT-FILE", description = "Path of the unit file")
    Path file;

    @Override
    public Integer call() {
        String name = file.getFileName().toString();
        if (!UnitName.isValid(name)) {
            throw CliException.error("invalid unit name " + name);
        }
        UnitFile unit = LocalUnitFile.read(file);
        List<String> problems = new ArrayList<>(xFleetProblems(name, unit));
        problems.addAll(systemdProblems(name));
        problems.forEach(this::err);
        if (problems.isEmpty()) {
            out(file + ": no problems found");
            return ExitCode.OK;
        }
        return ExitCode.ERROR;
    }

    private static List<String> xFleetProblems(String name, UnitFile unit) {
        try {
            return XFleetParser.read(UnitName.trusted(name), unit).warnings().stream()
                    .map(w -> name + ": [X-Fleet] " + w).toList();
        } catch (InvalidRequirementsException e) {
            return List.of(name + ": [X-Fleet] " + e.getMessage());
        }
    }

    /** Verified under its own name in a fresh directory, so an instance finds its template beside it. */
    private List<String> systemdProblems(String name) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fleetctl-verify");
            Path copy = dir.resolve(name);
            Files.copy(file, copy);
            copyTemplate(name, dir);
            Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            List<String> aboutFile = lines.stream().filter(l -> l.contains(name)).toList();
            return code == 0 ? aboutFile : lines.isEmpty() ? List.of("systemd-analyze verify exited " + code) : lines;
        } catch (IOException e) {
            throw CliException.error("cannot run systemd-analyze verify: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while systemd-analyze ran");
        } finally {
            deleteTree(dir);
        }
    }

    /** An instance {@code a@x.service} needs {@code a@.service}: taken from beside the file when it is there. */
    private void copyTemplate(String name, Path dir) throws IOException {
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.');
        if (at < 0 || at + 1 == dot) {
            return;
        }
        String template = name.substring(0, at + 1) + name.substring(dot);
        Path beside = file.toAbsolutePath().resolveSibling(template);
        if (Files.isRegularFile(beside)) {
            Files.copy(beside, dir.resolve(template));
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
