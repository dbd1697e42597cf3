package fleet.systemd;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * systemd's object paths for units: {@code /org/freedesktop/systemd1/unit/<escaped name>}, where every
 * byte other than [A-Za-z0-9] (and a leading digit) is written {@code _xx} in lower-case hex.
 */
public final class UnitObjectPath {
    static final String PREFIX = "/org/freedesktop/systemd1/unit/";

    private UnitObjectPath() {}

    public static String of(String unitName) {
        StringBuilder out = new StringBuilder(PREFIX);
        byte[] bytes = unitName.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
            if (alnum && !(i == 0 && b <= '9')) {
                out.append((char) b);
            } else {
                out.append('_').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return out.toString();
    }

    /** The unit name of a unit object path, or empty for any other path (or a malformed escape). */
    public static Optional<String> unitName(String objectPath) {
        if (objectPath == null || !objectPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String label = objectPath.substring(PREFIX.length());
        byte[] out = new byte[label.length()];
        int n = 0;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c != '_') {
                out[n++] = (byte) c;
                continue;
            }
            if (i + 2 >= label.length()) {
                return Optional.empty();
            }
            int hi = Character.digit(label.charAt(i + 1), 16);
            int lo = Character.digit(label.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            out[n++] = (byte) (hi << 4 | lo);
            i += 2;
        }
        return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
    }
}
