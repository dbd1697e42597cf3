package fleet.unit;

/**
 * fleet's specifiers for {@code [X-Fleet]} values: {@code %n} full name, {@code %N} name without
 * suffix, {@code %p} prefix, {@code %i} instance, and {@code %%} for a literal {@code %}. Other
 * specifiers ({@code %H}, ...) are left as written, as fleet did; other sections are left for systemd.
 */
public final class Specifiers {
    private Specifiers() {}

    /** Expands in one left-to-right pass, so an expanded value is never expanded again. */
    public static String expand(String value, UnitName unit) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 32);
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            String replacement = c == '%' && k + 1 < value.length() ? replacement(value.charAt(k + 1), unit) : null;
            if (replacement == null) {
                out.append(c);
            } else {
                out.append(replacement);
                k++;
            }
        }
        return out.toString();
    }

    private static String replacement(char spec, UnitName unit) {
        return switch (spec) {
            case 'n' -> unit.name();
            case 'N' -> unit.withoutSuffix();
            case 'p' -> unit.prefix();
            case 'i' -> unit.instance();
            case '%' -> "%";
            default -> null;
        };
    }
}
