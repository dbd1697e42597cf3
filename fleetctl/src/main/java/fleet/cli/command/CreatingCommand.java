package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Parameters;

/** Commands that create missing units first: submit, load, start, restart. */
abstract class CreatingCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT", arity = "0..*", description = "Unit files or unit names")
    List<String> args;

    /**
     * Decides for every argument first, so a bad one writes nothing, then creates or replaces units and
     * prints "Unit X inactive" for each one written. Returns the units with their desired state now.
     */
    List<UnitEntity> createAll(boolean replace, Set<DesiredState> replaceable) {
        unitNames(args);
        LazyCreate lazy = new LazyCreate(api(), replace, replaceable);
        List<LazyCreate.Plan> plans = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String arg : args) {
            try {
                LazyCreate.Plan plan = lazy.decide(arg);
                if (seen.add(plan.name())) {
                    plans.add(plan);
                }
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            errors.subList(0, errors.size() - 1).forEach(e -> err("Error: " + e));
            throw CliException.error(errors.get(errors.size() - 1));
        }
        List<UnitEntity> units = new ArrayList<>();
        for (LazyCreate.Plan plan : plans) {
            if (plan.warning() != null) {
                err(plan.warning());
            }
            String desired = lazy.apply(plan);
            UnitEntity u = plan.existing();
            List<UnitOptionEntity> options = plan.writes() ? UnitEntities.toWire(plan.options()) : u.options();
            units.add(new UnitEntity(plan.name(), options, desired, plan.writes() ? null : u.currentState(),
                    plan.writes() ? null : u.machineID(), null));
            if (plan.writes()) {
                out("Unit " + plan.name() + " inactive");
            }
        }
        return units;
    }

    /** Sets {@code state} on the units not already there, waits, prints; returns the exit code. */
    int moveTo(List<UnitEntity> units, DesiredState state, String verb, BlockOptions block) {
        List<UnitEntity> changing = units.stream().filter(u -> !state.wireName().equals(u.desiredState())).toList();
        return new Transition(session()).run(changing, state, verb, block.attempts(), true);
    }
}
