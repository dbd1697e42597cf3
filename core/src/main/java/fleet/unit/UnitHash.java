package fleet.unit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1 of a unit's normalized serialization: fleet's content address of a unit body. */
public record UnitHash(String hex) {
    private static final HexFormat HEX = HexFormat.of();

    public UnitHash {
        if (hex == null || !hex.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("a unit hash is 40 lower-case hex digits, got " + hex);
        }
    }

    public static UnitHash of(String serialized) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return new UnitHash(HEX.formatHex(sha1.digest(serialized.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The 7-character form fleetctl prints without --full. */
    public String shortHex() {
        return hex.substring(0, 7);
    }

    @Override
    public String toString() {
        return hex;
    }
}
