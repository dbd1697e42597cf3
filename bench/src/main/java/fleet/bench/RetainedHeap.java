package fleet.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.management.ObjectName;

/**
 * What a component keeps alive on the heap: the live heap's class histogram (after a full GC) taken
 * before the component exists and again while it runs; the difference is what it retained. Uses
 * the JVM's own {@code GC.class_histogram} diagnostic command, in this process.
 */
final class RetainedHeap {
    private static final int TOP_CLASSES = 6;

    private final Map<String, Long> before;

    private RetainedHeap(Map<String, Long> before) {
        this.before = before;
    }

    /** The live heap now, before the component is made. */
    static RetainedHeap before() throws Exception {
        return new RetainedHeap(histogram());
    }

    /** What is live now beyond what was before: total bytes and the classes that account for most. */
    String retainedSince(String what) throws Exception {
        Map<String, Long> now = histogram();
        List<Map.Entry<String, Long>> diff = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            total += d;
            diff.add(Map.entry(e.getKey(), d));
        }
        diff.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  retained heap of %s: %.1f MB;", what, total / 1e6));
        for (Map.Entry<String, Long> e : diff.subList(0, Math.min(TOP_CLASSES, diff.size()))) {
            sb.append(String.format(Locale.ROOT, " %s %.1f MB,", e.getKey(), e.getValue() / 1e6));
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** Live bytes per class (the histogram forces a full GC first). */
    private static Map<String, Long> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "  1:   12345   678901  java.lang.String (java.base@17)"
            if (f.length >= 4 && f[0].endsWith(":")) {
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
            }
        }
        return bytes;
    }
}
