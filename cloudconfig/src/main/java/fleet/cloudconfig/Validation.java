package fleet.cloudconfig;

import java.nio.file.Path;

/** Checks of single values; each failure names the key and the rule. */
final class Validation {
    private static final String UNIT_TYPES = "service|socket|timer|path|mount|automount|target|device|swap|slice";

    private Validation() {
    }

    static String hostname(String key, String name) {
        if (name.length() > 253 || !name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
            throw new CloudConfigException(key + ": '" + name + "' is not a host name (letters, digits, '-' and '.')");
        }
        return name;
    }

    static String absolutePath(String key, String path) {
        if (!path.startsWith("/")) {
            throw new CloudConfigException(key + ": '" + path + "' must be an absolute path");
        }
        if (path.endsWith("/") || !Path.of(path).normalize().toString().equals(path)) {
            throw new CloudConfigException(key + ": '" + path + "' must be a plain file path (no '..', '.', '//' or trailing '/')");
        }
        return path;
    }

    /** Modes are quoted octal text such as '0644': an unquoted 0644 is a YAML number and ambiguous. */
    static int permissions(Node n) {
        if (!n.json().isTextual()) {
            throw new CloudConfigException(n.path() + ": write the mode as quoted octal text, e.g. '0644'");
        }
        String mode = n.json().textValue();
        if (!mode.matches("0?[0-7]{3}")) {
            throw new CloudConfigException(n.path() + ": '" + mode + "' is not an octal mode such as '0644' (setuid/setgid/sticky are refused)");
        }
        return Integer.parseInt(mode, 8);
    }

    static String unitName(String key, String name) {
        if (!name.matches("[A-Za-z0-9:_.@-]+\\.(" + UNIT_TYPES + ")") || name.length() > 255) {
            throw new CloudConfigException(key + ": '" + name + "' is not a systemd unit name (NAME.service, .socket, .timer, ...)");
        }
        return name;
    }

    static String dropInName(String key, String name) {
        if (!name.matches("[A-Za-z0-9:_.@-]+\\.conf")) {
            throw new CloudConfigException(key + ": '" + name + "' is not a drop-in name (NAME.conf)");
        }
        return name;
    }
}
