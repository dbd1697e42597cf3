package fleet.constraint;

import java.util.Optional;

/**
 * {@code MachineID=}: the unit runs only on that machine. Like fleet's {@code MatchID}, the full
 * ID or the 8-character short ID (its first 8 characters) matches.
 */
public final class MachineIdConstraint implements Constraint {
    static final int SHORT_ID_LENGTH = 8;

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        Optional<String> required = unit.requirements().machineId();
        if (required.isEmpty() || matches(required.get(), host.id())) {
            return Optional.empty();
        }
        return Optional.of(Veto.lazy(() ->
                "machine ID is " + abbreviate(host.id()) + ", required " + required.get()));
    }

    /** Whether {@code required} names the machine {@code id} in full or by its short ID. */
    public static boolean matches(String required, String id) {
        return required.equals(id) || required.equals(shortId(id));
    }

    public static String shortId(String id) {
        return id.length() <= SHORT_ID_LENGTH ? id : id.substring(0, SHORT_ID_LENGTH);
    }

    private static String abbreviate(String id) {
        return id.length() <= 12 ? id : shortId(id) + "...";
    }
}
