package fleet.cloudconfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $name} placeholders CoreOS's cloudinit replaced in the raw user data
 * ({@code $public_ipv4}, {@code $private_ipv4}, {@code $public_ipv6}, {@code $private_ipv6}) plus
 * our {@code $master_ipv4} (the master's address, for the nodes' etcd_servers). Any other
 * {@code $word} is left alone, so unit lines such as {@code kill -HUP $MAINPID} survive. A known
 * placeholder that appears without a value is an error, never an empty string.
 */
public final class Placeholders {
    public static final List<String> NAMES = List.of("public_ipv4", "private_ipv4", "public_ipv6", "private_ipv6", "master_ipv4");
    private static final Pattern REF = Pattern.compile("\\$([a-z][a-z0-9_]*)");

    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        values.forEach((k, v) -> {
            if (!NAMES.contains(k)) {
                throw new CloudConfigException("--var " + k + ": unknown placeholder (known: " + String.join(", ", NAMES) + ")");
            }
            if (!v.matches("[0-9A-Fa-f.:]+")) {
                throw new CloudConfigException("--var " + k + "=" + v + ": expected an IP address");
            }
        });
        this.values = new TreeMap<>(values);
    }

    public String substitute(String text) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = m.group();
            if (NAMES.contains(name)) {
                replacement = values.get(name);
                if (replacement == null) {
                    throw new CloudConfigException("the file uses $" + name + " but no value was given (--var " + name + "=ADDRESS)");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
