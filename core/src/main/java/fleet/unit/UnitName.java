package fleet.unit;

import java.util.Set;

/**
 * A validated unit name: {@code prefix.suffix}, template {@code prefix@.suffix} or instance
 * {@code prefix@instance.suffix}, with fleet's (systemd's) rules. The instance is everything between
 * the first {@code @} and the suffix, so it may itself contain {@code @}, as in systemd. Names with
 * {@code /}, {@code ..} or control characters never pass, so a name is always safe as a file name.
 */
public final class UnitName {
    /** systemd's limit (UNIT_NAME_MAX counts the NUL); fleet v1.0 let 256 through, which no file system stores. */
    public static final int MAX_LENGTH = 255;
    static final Set<String> SUFFIXES = Set.of("automount", "busname", "device", "mount", "path", "scope",
            "service", "slice", "snapshot", "socket", "swap", "target", "timer");
    static final Set<String> TEMPLATE_SUFFIXES = Set.of("path", "service", "socket", "target", "timer");
    /** fleetctl appends .service to an argument that does not end in one of these. */
    static final Set<String> CLI_KNOWN_SUFFIXES = Set.of("service", "socket", "timer", "path", "device",
            "mount", "automount");

    private final String name;
    private final int at;
    private final int dot;

    private UnitName(String name) {
        this.name = name;
        this.at = name.indexOf('@');
        this.dot = name.lastIndexOf('.');
    }

    public static UnitName parse(String name) throws InvalidUnitNameException {
        validate(name);
        return new UnitName(name);
    }

    /** For names that were validated before (read back from the registry). */
    public static UnitName trusted(String name) {
        return new UnitName(name);
    }

    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (InvalidUnitNameException e) {
            return false;
        }
    }

    /** fleet's {@code api.ValidateName} (after systemd's {@code unit_name_is_valid}), in its order. */
    static void validate(String name) throws InvalidUnitNameException {
        if (name == null || name.isEmpty()) {
            throw new InvalidUnitNameException("unit name cannot be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(name, "exceeds maximum length (" + MAX_LENGTH + ")");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw invalid(name, "must contain \".\" (a type suffix such as .service)");
        }
        if (dot == name.length() - 1) {
            throw invalid(name, "cannot end in \".\"");
        }
        if (dot == 0) {
            throw invalid(name, "has an empty name before its suffix");
        }
        String suffix = name.substring(dot + 1);
        if (!SUFFIXES.contains(suffix)) {
            throw invalid(name, "has invalid unit type " + shown(suffix));
        }
        for (int i = 0; i < dot; i++) {
            char c = name.charAt(i);
            // the backslash is in fleet's set: systemd escapes names with it (foo\x2dbar.mount)
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '_' || c == '.' || c == '@' || c == '-' || c == '\\';
            if (!ok) {
                throw invalid(name, "contains invalid character " + describe(c));
            }
        }
        if (name.startsWith("@")) {
            throw invalid(name, "cannot start with \"@\"");
        }
        if (name.contains("..")) {
            throw invalid(name, "contains \"..\"");
        }
        if (name.indexOf('@') >= 0 && !TEMPLATE_SUFFIXES.contains(suffix)) {
            throw invalid(name, "is a template or instance, which must be of type path, service, socket, "
                    + "target or timer");
        }
    }

    private static InvalidUnitNameException invalid(String name, String why) {
        return new InvalidUnitNameException("invalid unit name " + shown(name) + ": " + why);
    }

    /**
     * fleetctl's argument mangling: the file name of a path, with {@code .service} appended unless it
     * already ends in a suffix fleetctl knows.
     */
    public static String fromCliArgument(String arg) {
        String base = arg;
        while (base.endsWith("/") && base.length() > 1) {
            base = base.substring(0, base.length() - 1);
        }
        int slash = base.lastIndexOf('/');
        if (slash >= 0) {
            base = base.substring(slash + 1);
        }
        int dot = base.lastIndexOf('.');
        if (dot >= 0 && CLI_KNOWN_SUFFIXES.contains(base.substring(dot + 1))) {
            return base;
        }
        return base + ".service";
    }

    public String name() {
        return name;
    }

    /** {@code service} for {@code foo@bar.service}. */
    public String suffix() {
        return name.substring(dot + 1);
    }

    /** %p: the part before {@code @}, or the name without its suffix when there is no {@code @}. */
    public String prefix() {
        return at >= 0 ? name.substring(0, at) : name.substring(0, dot);
    }

    /** %i: the instance ({@code bar} in {@code foo@bar.service}); empty for templates and plain units. */
    public String instance() {
        return at >= 0 ? name.substring(at + 1, dot) : "";
    }

    /** %N: the name without its type suffix. */
    public String withoutSuffix() {
        return name.substring(0, dot);
    }

    public boolean isTemplate() {
        return at >= 0 && at == dot - 1;
    }

    public boolean isInstance() {
        return at >= 0 && at < dot - 1;
    }

    /** The template an instance is made from: {@code foo@.service} for {@code foo@bar.service}. */
    public String templateName() {
        if (!isInstance()) {
            throw new IllegalStateException(name + " is not a template instance");
        }
        return name.substring(0, at + 1) + name.substring(dot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitName other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Quoted, shortened, with control characters made visible, so an error message stays one clean line. */
    private static String shown(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        StringBuilder out = new StringBuilder("\"");
        cut.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("0x%02x", (int) c) : "'" + c + "'";
    }
}
