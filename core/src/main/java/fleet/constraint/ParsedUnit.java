package fleet.constraint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitName;

/**
 * A unit read once: everything fleet decides from a unit's body. The registry (whether the unit is
 * mirrored to {@code global/}), the API (whether to accept it), the engine and the agent (where it
 * may run) and fleetctl all take its requirements and resource requests from here, so every
 * {@code [X-Fleet]} rule, {@code Global=} included, is decided in one place: {@link XFleetParser}.
 *
 * <p>A unit that cannot be read is still a {@code ParsedUnit}: {@link #problem()} says why, and it
 * has no requirements ({@link Requirements#NONE}, so it is not global) and requests nothing.
 *
 * @param hash      the file's hash (content address); taken from the caller, who usually has it
 * @param warnings  what fleet v1.0 ignored silently (unknown keys, malformed entries)
 * @param problem   why the unit cannot be scheduled: fleet's own text for an invalid {@code [X-Fleet]}
 *                  combination, or the directive whose resource value cannot be read
 */
public record ParsedUnit(UnitName name, UnitFile file, UnitHash hash, Requirements requirements,
        Resources resources, List<String> warnings, Optional<String> problem) {

    public ParsedUnit {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(requirements, "requirements");
        warnings = List.copyOf(warnings);
    }

    public static ParsedUnit of(UnitName name, UnitFile file) {
        return of(name, file, file.hash());
    }

    /** @param hash {@code file}'s hash, when the caller has it (hashing serializes the whole file) */
    public static ParsedUnit of(UnitName name, UnitFile file, UnitHash hash) {
        XFleetParser.Result xfleet;
        try {
            xfleet = XFleetParser.read(name, file);
        } catch (InvalidRequirementsException e) {
            return unreadable(name, file, hash, e.getMessage());
        }
        Resources resources;
        try {
            resources = ResourceRequests.of(file);
        } catch (IllegalArgumentException e) {
            return unreadable(name, file, hash, e.getMessage());
        }
        return new ParsedUnit(name, file, hash, xfleet.requirements(), resources, xfleet.warnings(),
                Optional.empty());
    }

    private static ParsedUnit unreadable(UnitName name, UnitFile file, UnitHash hash, String problem) {
        return new ParsedUnit(name, file, hash, Requirements.NONE, Resources.NONE, List.of(), Optional.of(problem));
    }

    /** {@code [X-Fleet] Global=} is truthy (fleet's rule, see {@link XFleetParser}) and the unit is readable. */
    public boolean global() {
        return requirements.global();
    }

    public boolean readable() {
        return problem.isEmpty();
    }
}
