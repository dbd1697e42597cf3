package fleet.cli.api;

import fleet.constraint.ParsedUnit;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import fleet.unit.UnitOption;
import java.util.List;

/** What fleetctl reads from a unit the API sent ({@link UnitEntity}), and unit options to and from the wire. */
public final class UnitEntities {
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

    /** Global by the rule fleetd decides it with ({@link ParsedUnit}): fleet's truthy values, quotes allowed. */
    public static boolean isGlobal(UnitEntity u) {
        // without the file's hash, which is not needed here: a process's first hash starts the JDK's
        // security providers, a quarter of a second of a cold start for 100 units
        return ParsedUnit.of(UnitName.trusted(u.name()), file(u), null).global();
    }

    public static boolean isScheduled(UnitEntity u) {
        return u.machineID() != null && !u.machineID().isEmpty();
    }
}
