package fleet.cloudconfig;

import java.util.Locale;
import java.util.Map;

/**
 * The drop-in CoreOS's cloudinit wrote for {@code coreos.fleet} and {@code coreos.etcd2}: one
 * {@code Environment="PREFIX_KEY=value"} line per option in {@code /run/systemd/system/UNIT.d/20-cloudinit.conf}.
 */
final class EnvironmentDropIn {
    static final String NAME = "20-cloudinit.conf";

    private EnvironmentDropIn() {
    }

    static String content(String prefix, Map<String, String> options) {
        StringBuilder sb = new StringBuilder("[Service]\n");
        options.forEach((key, value) -> sb.append("Environment=\"")
                .append(quote(prefix + key.toUpperCase(Locale.ROOT) + "=" + value)).append("\"\n"));
        return sb.toString();
    }

    /** systemd's quoting inside "...": backslash escapes; '%' starts a specifier, so it is doubled. */
    private static String quote(String assignment) {
        if (assignment.chars().anyMatch(c -> c < 0x20)) {
            throw new CloudConfigException("'" + assignment.strip() + "': control characters (e.g. newlines) cannot go into an environment variable");
        }
        return assignment.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%");
    }
}
