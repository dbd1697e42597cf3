package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import fleet.unit.InvalidUnitNameException;
import fleet.unit.UnitName;
import fleet.unit.UnitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where submit/load/start/restart take a unit's content from (fleet's "lazy create", reference §1.3):
 * the registry, the local file, the instance's template in the registry, the template next to the
 * local path, else an error. {@link #decide} only reads; {@link #apply} writes what it decided.
 */
public final class LazyCreate {
    public enum Source { REGISTRY, LOCAL_FILE, REGISTRY_TEMPLATE, LOCAL_TEMPLATE }

    /**
     * The decision for one argument. {@code options} is non-null when something must be written:
     * a new unit, or (with {@code replace}) new content for an existing one. {@code warning} may be null.
     */
    public record Plan(String name, Source source, UnitEntity existing, List<UnitOption> options, boolean replace,
            String warning) {
        public boolean writes() {
            return options != null;
        }
    }

    private final FleetApi api;
    private final boolean replace;
    private final Set<String> replaceableStates;

    /** {@code replaceableStates}: the desired states in which this command may --replace a unit. */
    public LazyCreate(FleetApi api, boolean replace, Set<DesiredState> replaceableStates) {
        this.api = api;
        this.replace = replace;
        this.replaceableStates = replaceableStates.stream().map(DesiredState::wireName)
                .collect(java.util.stream.Collectors.toSet());
    }

    public Plan decide(String arg) {
        String name = UnitName.fromCliArgument(arg);
        UnitName unitName;
        try {
            unitName = UnitName.parse(name);
        } catch (InvalidUnitNameException e) {
            throw CliException.error("invalid unit name: " + e.getMessage());
        }
        Path local = localPath(arg, name);
        UnitEntity existing = api.getUnit(name).orElse(null);
        if (existing != null) {
            return forExisting(existing, local);
        }
        if (Files.isRegularFile(local)) {
            return new Plan(name, Source.LOCAL_FILE, null, LocalUnitFile.read(local).options(), false, null);
        }
        if (Files.isDirectory(local)) {
            throw CliException.error(local + " is a directory, not a unit file");
        }
        if (!unitName.isInstance()) {
            throw CliException.error("unable to find Unit(" + name + ") in Registry or on filesystem");
        }
        String template = unitName.templateName();
        UnitEntity registryTemplate = api.getUnit(template).orElse(null);
        if (registryTemplate != null) {
            return new Plan(name, Source.REGISTRY_TEMPLATE, null, UnitEntities.options(registryTemplate), false,
                    null);
        }
        Path localTemplate = local.resolveSibling(template);
        if (Files.isRegularFile(localTemplate)) {
            return new Plan(name, Source.LOCAL_TEMPLATE, null, LocalUnitFile.read(localTemplate).options(), false,
                    null);
        }
        throw CliException.error("unable to find Unit(" + name + ") or its template Unit(" + template
                + ") in Registry or on filesystem");
    }

    private Plan forExisting(UnitEntity existing, Path local) {
        String name = existing.name() == null ? local.getFileName().toString() : existing.name();
        if (!Files.isRegularFile(local)) {
            return new Plan(name, Source.REGISTRY, existing, null, false, null);
        }
        List<UnitOption> localOptions = LocalUnitFile.read(local).options();
        if (fleet.unit.UnitFile.of(localOptions).hash().equals(UnitEntities.file(existing).hash())) {
            return new Plan(name, Source.REGISTRY, existing, null, false, null);
        }
        if (!replace) {
            return new Plan(name, Source.REGISTRY, existing, null, false, "WARNING: Unit " + name
                    + " in registry differs from local unit file " + local + ". Add --replace to override.");
        }
        if (!replaceableStates.contains(existing.desiredState())) {
            return new Plan(name, Source.REGISTRY, existing, null, false, "WARNING: cannot replace Unit(" + name
                    + ") in state '" + existing.desiredState() + "', use the appropriate command");
        }
        return new Plan(name, Source.REGISTRY, existing, localOptions, true, null);
    }

    /**
     * Writes the plan and returns the unit's desired state afterwards. New units are created
     * {@code inactive}; a replaced unit is sent without a desired state, so the API makes it inactive.
     */
    public String apply(Plan plan) {
        if (!plan.writes()) {
            return plan.existing().desiredState();
        }
        api.putUnit(plan.name(), plan.options(), plan.replace() ? null : DesiredState.INACTIVE);
        return DesiredState.INACTIVE.wireName();
    }

    /** fleetctl appends ".service" to the path itself when the argument has no known unit type. */
    static Path localPath(String arg, String mangled) {
        Path given = Path.of(arg);
        Path file = given.getFileName();
        if (file != null && file.toString().equals(mangled)) {
            return given;
        }
        return given.resolveSibling(mangled);
    }
}
