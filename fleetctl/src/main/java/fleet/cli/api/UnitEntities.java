package fleet.cli.api;

import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What fleetctl reads from a unit the API sent ({@link UnitEntity}), and unit options to and from the wire. */
public final class UnitEntities {
    private static final Set<String> TRUE = Set.of("true", "yes", "1", "on", "t");

    private UnitEntities() {}

    /** The unit's options as the core's type (an option without a value has an empty one). */
    public static List<UnitOption> options(UnitEntity u) {
        return u.options().stream().map(o -> new UnitOption(o.section(), o.name(), o.value())).toList();
    }

    /** Options as they go on the wire, in a PUT body. */
    public static List<UnitOptionEntity> toWire(List<UnitOption> options) {
        return options.stream().map(o -> new UnitOptionEntity(o.section(), o.name(), o.value())).toList();
    }

    public static UnitFile file(UnitEntity u) {
        return UnitFile.of(options(u));
    }

    /** {@code [X-Fleet] Global=} is truthy (the last value wins, as in fleet). */
    public static boolean isGlobal(UnitEntity u) {
        return file(u).lastValue("X-Fleet", "Global")
                .map(v -> TRUE.contains(v.trim().toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    public static boolean isScheduled(UnitEntity u) {
        return u.machineID() != null && !u.machineID().isEmpty();
    }
}
