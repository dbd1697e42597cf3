package fleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One machine of a lab started by {@code bin/fleet-lab}, as {@code fleet-lab status} lists it.
 * {@code pid} is the machine's systemd as seen from the host; its files are under {@link #root()}.
 */
public record LabMachine(String name, long pid, String busAddress, String ip, String machineId,
        String metadata, Path root, FleetLab lab) {

    /** A machine as {@code fleet-lab status} lists it; its bus and files are reached through its PID. */
    static LabMachine of(LabStatus.Row row, FleetLab lab) throws IOException {
        if (row.pid() <= 0) {
            throw new IOException("lab machine " + row.name() + " has no PID (it did not boot)");
        }
        Path root = Path.of("/proc", Long.toString(row.pid()), "root");
        return new LabMachine(row.name(), row.pid(), "unix:path=" + root.resolve("run/dbus/system_bus_socket"),
                row.ip(), row.machineId(), row.metadata(), root, lab);
    }

    /** A path inside the machine, seen from the host (through /proc/PID/root). */
    public Path file(String pathInMachine) {
        return root.resolve(pathInMachine.replaceFirst("^/+", ""));
    }

    /** Writes a file inside the machine (its overlay), creating parent directories. */
    public Path writeFile(String pathInMachine, String content) throws IOException {
        Path p = file(pathInMachine);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Runs a command inside the machine ({@code fleet-lab exec}) and returns its exit code and output. */
    public FleetLab.Result exec(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return lab.run(args);
    }

    @Override
    public String toString() {
        return name + "(pid " + pid + ", " + ip + ")";
    }
}
