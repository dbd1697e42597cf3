package fleet.constraint;

import fleet.unit.UnitFile;
import fleet.unit.UnitName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a unit's {@code [X-Fleet]} section into {@link Requirements}, as fleet v1.0 did: specifiers
 * expanded, deprecated keys merged with the modern ones, invalid combinations refused with fleet's
 * messages. What fleet ignored silently (unknown keys, malformed entries) comes back as warnings.
 */
public final class XFleetParser {
    private static final Set<String> TRUTHY = Set.of("true", "yes", "1", "on", "t");

    /** The requirements and the warnings a caller should show to the user. */
    public record Result(Requirements requirements, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private XFleetParser() {}

    public static Requirements parse(UnitName unit, UnitFile file) throws InvalidRequirementsException {
        return read(unit, file).requirements();
    }

    public static Result read(UnitName unit, UnitFile file) throws InvalidRequirementsException {
        List<String> warnings = new ArrayList<>();
        XFleetValues values = XFleetValues.collect(unit, file, warnings);
        Requirements requirements = new Requirements(
                machineId(values, warnings),
                names(values.meaning(XFleetKey.MACHINE_OF), "MachineOf", warnings),
                metadata(values.meaning(XFleetKey.MACHINE_METADATA), warnings),
                conflicts(values.meaning(XFleetKey.CONFLICTS), warnings),
                truthy(values.of(XFleetKey.GLOBAL)),
                globs(values.meaning(XFleetKey.REPLACES), "Replaces", warnings),
                truthy(values.of(XFleetKey.AT_MOST_ONE_COPY)),
                failurePolicy(values.of(XFleetKey.RESCHEDULE_ON_FAILURE)),
                truthy(values.of(XFleetKey.BATCH)));
        RequirementsCheck.check(requirements);
        if (requirements.batch() && !file.lastValue("Service", "Type").map(t -> t.strip().equals("oneshot")).orElse(false)) {
            throw new InvalidRequirementsException("Batch=true needs [Service] Type=oneshot");
        }
        if (requirements.batch() && file.lastValue("Service", "RemainAfterExit").map(XFleetParser::systemdTrue).orElse(false)) {
            throw new InvalidRequirementsException("Batch=true cannot be used with RemainAfterExit=yes");
        }
        return new Result(requirements, warnings);
    }

    /** fleet's order: MachineID, then X-ConditionMachineID, then X-ConditionMachineBootID; first value wins. */
    private static Optional<String> machineId(XFleetValues values, List<String> warnings) {
        List<String> all = new ArrayList<>(values.of(XFleetKey.MACHINE_ID));
        all.addAll(values.of(XFleetKey.X_CONDITION_MACHINE_ID));
        all.addAll(values.of(XFleetKey.X_CONDITION_MACHINE_BOOT_ID));
        List<String> ids = nonEmpty(all, "MachineID", warnings);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String id = ids.get(0);
        if (new LinkedHashSet<>(ids).size() > 1) {
            warnings.add("MachineID given " + ids.size() + " times; only the first, " + id + ", is used");
        }
        if (!id.matches("[0-9a-fA-F]{8}|[0-9a-fA-F]{32}")) {
            warnings.add("MachineID " + id + " is neither a 32-character machine ID nor its 8-character "
                    + "short form; no machine will match it");
        }
        return Optional.of(id);
    }

    private static List<String> names(List<String> values, String option, List<String> warnings) {
        List<String> names = nonEmpty(values, option, warnings);
        for (String name : names) {
            if (!UnitName.isValid(name)) {
                warnings.add(option + " " + name + " is not a valid unit name; it can never be satisfied");
            }
        }
        return names;
    }

    private static List<String> conflicts(List<String> values, List<String> warnings) {
        List<String> patterns = new ArrayList<>();
        for (String value : values) {
            for (String pattern : value.strip().split("\\s+")) {
                if (!pattern.isEmpty()) {
                    patterns.add(pattern);
                }
            }
        }
        return globs(patterns, "Conflicts", warnings);
    }

    private static List<String> globs(List<String> values, String option, List<String> warnings) {
        List<String> patterns = nonEmpty(values, option, warnings);
        for (String pattern : patterns) {
            if (!Glob.isValid(pattern)) {
                warnings.add(option + " pattern " + pattern + " is malformed and matches no unit");
            }
        }
        return patterns;
    }

    /** AND across keys, OR within a key; entries without exactly one '=' or with an empty side are skipped. */
    private static Map<String, Set<String>> metadata(List<String> values, List<String> warnings) {
        Map<String, Set<String>> metadata = new LinkedHashMap<>();
        for (String entry : values) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1 || entry.indexOf('=', eq + 1) >= 0) {
                if (!entry.isEmpty()) {
                    warnings.add("MachineMetadata entry \"" + entry + "\" ignored: expected key=value");
                }
                continue;
            }
            metadata.computeIfAbsent(entry.substring(0, eq), k -> new LinkedHashSet<>())
                    .add(entry.substring(eq + 1));
        }
        return metadata;
    }

    private static boolean systemdTrue(String value) {
        return Set.of("1", "yes", "y", "true", "t", "on").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The last value decides; an empty one turns it off. */
    private static Optional<FailurePolicy> failurePolicy(List<String> values) throws InvalidRequirementsException {
        if (values.isEmpty() || values.get(values.size() - 1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(FailurePolicy.parse(values.get(values.size() - 1)));
    }

    /** The last value decides, as for Global (which had no deprecated form in fleet). */
    private static boolean truthy(List<String> values) {
        return !values.isEmpty() && TRUTHY.contains(values.get(values.size() - 1).toLowerCase(Locale.ROOT));
    }

    private static List<String> nonEmpty(List<String> values, String option, List<String> warnings) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v.isEmpty()) {
                warnings.add("empty " + option + " value ignored");
            } else {
                out.add(v);
            }
        }
        return out;
    }
}
