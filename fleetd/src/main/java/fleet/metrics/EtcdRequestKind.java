package fleet.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The registry's description of an etcd request ("read body 1a2b", "create 3 units", "keep lease
 * alive") as labels with a few fixed values: ours (the leading verb) and fleet v1.0's registry
 * operation types, which counted only unit bodies and records ({@code get}, {@code set}, {@code get_all}).
 */
final class EtcdRequestKind {
    static final List<String> OPS = List.of("read", "create", "replace", "set", "delete", "apply", "publish",
            "update", "register", "resume", "mark", "grant", "keep", "revoke", "other");
    static final List<String> V1_TYPES = List.of("get", "set", "get_all");

    private EtcdRequestKind() {
    }

    /** Runs on every etcd request: the leading verb without a regex split or a new array. */
    static String op(String what) {
        int space = what.indexOf(' ');
        String verb = (space < 0 ? what : what.substring(0, space)).toLowerCase(Locale.ROOT);
        return OPS.contains(verb) ? verb : "other";
    }

    /** fleet v1.0's operation type of the request, or null when v1.0 did not count its kind. */
    static String v1Type(String what) {
        if (what.startsWith("read body ") || what.startsWith("read unit ")) {
            return "get";
        }
        if (what.equals("read units") || what.equals("read units/") || what.equals("read bodies/")) {
            return "get_all";
        }
        if (what.startsWith("create ") || what.startsWith("replace unit ") || what.startsWith("set desired state ")) {
            return "set";
        }
        return null;
    }
}
