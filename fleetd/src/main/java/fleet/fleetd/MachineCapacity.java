package fleet.fleetd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import fleet.registry.MachineInfo;

/** What this machine offers to units: its CPUs and its memory (MemTotal of /proc/meminfo). */
final class MachineCapacity {
    private MachineCapacity() {}

    static MachineInfo.Capacity detect() {
        return new MachineInfo.Capacity(Runtime.getRuntime().availableProcessors(), memTotal(Path.of("/proc/meminfo")));
    }

    static long memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
