package fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU seconds (user + system) and resident memory, read from /proc. */
record ProcessUsage(double cpuSeconds, long rssBytes, long peakRssBytes) {
    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in 1/100 s. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessUsage of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may contain spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kibibytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kibibytes(line);
            }
        }
        return new ProcessUsage(cpu, rss, hwm);
    }

    private static long kibibytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    ProcessUsage since(ProcessUsage before) {
        return new ProcessUsage(cpuSeconds - before.cpuSeconds, rssBytes, peakRssBytes);
    }
}
