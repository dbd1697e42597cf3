package fleet.constraint;

/**
 * CPU (in millicores: 1000 = one core) and memory (in bytes). Used for what a unit asks for,
 * what a machine has, and what is already taken. {@link #UNBOUNDED} is a machine that did not
 * report a capacity: everything fits on it.
 */
public record Resources(long cpuMillis, long memoryBytes) {
    public static final Resources NONE = new Resources(0, 0);
    public static final Resources UNBOUNDED = new Resources(Long.MAX_VALUE, Long.MAX_VALUE);

    public Resources {
        if (cpuMillis < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException(
                    "resources cannot be negative: cpu " + cpuMillis + "m, memory " + memoryBytes + " bytes");
        }
    }

    public boolean isNone() {
        return cpuMillis == 0 && memoryBytes == 0;
    }

    public Resources plus(Resources o) {
        return new Resources(saturatedAdd(cpuMillis, o.cpuMillis), saturatedAdd(memoryBytes, o.memoryBytes));
    }

    /** This minus {@code o}, never below zero; unbounded stays unbounded. */
    public Resources minus(Resources o) {
        return new Resources(saturatedSub(cpuMillis, o.cpuMillis), saturatedSub(memoryBytes, o.memoryBytes));
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatedSub(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return a;
        }
        return Math.max(0, a - b);
    }

    /** "512 MiB", "1.5 GiB", "unlimited". */
    public static String formatBytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unlimited";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (u < units.length - 1 && bytes >= (1L << (10 * (u + 1)))) {
            u++;
        }
        long whole = bytes >> (10 * u);
        // One decimal, truncated, without String.format: this runs for every placement reason.
        long tenths = (long) ((bytes - (whole << (10 * u))) * 10.0 / (1L << (10 * u)));
        return whole + (tenths == 0 ? "" : "." + tenths) + " " + units[u];
    }

    /** "500m CPU", "unlimited CPU". */
    public static String formatCpu(long millis) {
        return (millis == Long.MAX_VALUE ? "unlimited" : millis + "m") + " CPU";
    }
}
