package fleet.constraint;

import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * What a unit asks for, read from its own systemd directives: memory from {@code [Service]
 * MemoryMax=} (or the older {@code MemoryLimit=} when there is no MemoryMax), CPU from
 * {@code CPUQuota=} (100% = one core = 1000 millicores). The last value of a directive wins, as
 * in systemd; an empty value or {@code infinity} means no request.
 */
public final class ResourceRequests {
    private static final String SECTION = "Service";

    private ResourceRequests() {
    }

    public static Resources of(UnitFile unit) {
        return of(unit.options());
    }

    /** @throws IllegalArgumentException naming the directive when a value cannot be read */
    public static Resources of(List<UnitOption> options) {
        String memoryMax = null;
        String memoryLimit = null;
        String cpuQuota = null;
        for (UnitOption o : options) {
            if (!o.section().equals(SECTION)) {
                continue;
            }
            switch (o.name()) {
                case "MemoryMax" -> memoryMax = o.value();
                case "MemoryLimit" -> memoryLimit = o.value();
                case "CPUQuota" -> cpuQuota = o.value();
                default -> { }
            }
        }
        long memory = memoryMax != null ? bytes("MemoryMax", memoryMax)
                : memoryLimit != null ? bytes("MemoryLimit", memoryLimit) : 0;
        long cpu = cpuQuota != null ? millicores(cpuQuota) : 0;
        return new Resources(cpu, memory);
    }

    /** A systemd size: bytes, or a number with K, M, G, T, P or E (base 1024); infinity = 0. */
    static long bytes(String directive, String raw) {
        String v = raw.trim();
        if (v.isEmpty() || v.equals("infinity")) {
            return 0;
        }
        String bad = "[Service] " + directive + "=" + raw
                + ": not a size (bytes, optionally with K, M, G, T, P or E; or infinity)";
        if (v.endsWith("%")) {
            throw new IllegalArgumentException("[Service] " + directive + "=" + raw
                    + ": a percentage of the machine's memory cannot be scheduled; give a size");
        }
        char last = Character.toUpperCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> 0;
        };
        String number = shift == 0 ? v : v.substring(0, v.length() - 1).trim();
        try {
            BigDecimal n = new BigDecimal(number);
            if (n.signum() < 0 || number.startsWith("+")) {
                throw new IllegalArgumentException(bad);
            }
            return n.multiply(BigDecimal.valueOf(2).pow(shift)).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** {@code 50%} = 500 millicores, {@code 200%} = 2000; empty = no quota. */
    static long millicores(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            return 0;
        }
        String bad = "[Service] CPUQuota=" + raw + ": not a percentage greater than 0 (e.g. 50% or 200%)";
        if (!v.endsWith("%")) {
            throw new IllegalArgumentException(bad);
        }
        try {
            BigDecimal percent = new BigDecimal(v.substring(0, v.length() - 1).toLowerCase(Locale.ROOT));
            if (percent.signum() <= 0) {
                throw new IllegalArgumentException(bad);
            }
            return percent.multiply(BigDecimal.TEN).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(bad);
        }
    }
}
