package fleet.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route a request path belongs to, as a template ({@code /fleet/v1/units/{name}}): a label
 * with a handful of values, whatever the unit names. Paths the API does not know are "other".
 */
final class ApiRouteLabel {
    private static final Pattern API = Pattern.compile(
            "^(/fleet/v1|/v1-alpha)(?:/(discovery|units|state|machines)(?:/(.+?)(/status|/journal)?)?)?$");
    /** Ours: the rebalancing routes. */
    private static final Pattern REBALANCE = Pattern.compile("^/fleet/v1/rebalance(/moves(/[^/]+)?)?$");

    private ApiRouteLabel() {
    }

    static String of(String path) {
        if ("/metrics".equals(path)) {
            return path;
        }
        Matcher r = REBALANCE.matcher(path == null ? "" : path);
        if (r.matches()) {
            return r.group(2) != null ? "/fleet/v1/rebalance/moves/{name}" : r.group(1) != null
                    ? "/fleet/v1/rebalance/moves" : "/fleet/v1/rebalance";
        }
        Matcher m = API.matcher(path == null ? "" : path);
        if (!m.matches()) {
            return "other";
        }
        StringBuilder label = new StringBuilder(m.group(1));
        if (m.group(2) != null) {
            label.append('/').append(m.group(2));
        }
        if (m.group(3) != null) {
            label.append("/{name}");
        }
        if (m.group(4) != null) {
            label.append(m.group(4));
        }
        return label.toString();
    }
}
