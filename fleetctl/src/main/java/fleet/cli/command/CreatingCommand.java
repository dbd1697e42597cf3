package fleet.cli.command;

import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.unit.DesiredState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Parameters;

/** Commands that create missing units first: submit, load, start, restart. */
abstract class CreatingCommand extends FleetctlSubcommand {
    @Parameters(paramLabel = "UNIT", arity = "0..*", description = "Unit files or unit names")
    List<String> args;

    /** Units created directly in the command's target state (by {@link BatchCreate}): no PUT of their state. */
    private final Set<String> createdInTarget = new HashSet<>();

    /**
     * Decides for every argument first, so a bad one writes nothing, then creates or replaces units and
     * prints "Unit X inactive" for each one written. Returns the units with their desired state now.
     * Both steps send their requests concurrently ({@link Fanout}) and print in argument order; a unit
     * whose write fails gets its error in its place, the others still theirs, and the command exits 1.
     */
    List<UnitEntity> createAll(boolean replace, Set<DesiredState> replaceable, DesiredState target) {
        unitNames(args);
        LazyCreate lazy = new LazyCreate(api(), replace, replaceable);
        List<LazyCreate.Plan> plans = decideAll(lazy);
        List<Fanout.Outcome<String>> written = new BatchCreate(api()).createAll(plans, target)
                .orElseGet(() -> session().fanout().map(plans, Fanout.Stop.ON_UNREACHABLE, "Creating units",
                        lazy::apply));
        List<UnitEntity> units = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i < plans.size(); i++) {
            LazyCreate.Plan plan = plans.get(i);
            Fanout.Outcome<String> outcome = written.get(i);
            if (outcome.skipped()) {
                continue; // not tried: the API could not be reached, as an earlier unit's error says
            }
            if (plan.warning() != null) {
                err(plan.warning());
            }
            if (!outcome.ok()) {
                err("Error: " + outcome.failure().getMessage());
                failed = true;
                continue;
            }
            UnitEntity u = plan.existing();
            List<UnitOptionEntity> options = plan.writes() ? UnitEntities.toWire(plan.options()) : u.options();
            units.add(new UnitEntity(plan.name(), options, outcome.value(), plan.writes() ? null : u.currentState(),
                    plan.writes() ? null : u.machineID(), null));
            if (plan.writes()) {
                out("Unit " + plan.name() + " inactive");
                if (target != DesiredState.INACTIVE && target.wireName().equals(outcome.value())) {
                    createdInTarget.add(plan.name());
                }
            }
        }
        if (failed) {
            throw CliException.reported(ExitCode.ERROR);
        }
        return units;
    }

    /**
     * The plan of every argument, the first of each unit name. All errors of the arguments are reported
     * (the last one as the command's error); an API failure ends the command, as it did when sent serially.
     */
    private List<LazyCreate.Plan> decideAll(LazyCreate lazy) {
        List<Fanout.Outcome<LazyCreate.Plan>> decided = session().fanout().map(args, Fanout.Stop.ON_API_ERROR,
                "Reading units", lazy::decide);
        List<LazyCreate.Plan> plans = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Fanout.Outcome<LazyCreate.Plan> outcome : decided) {
            try {
                LazyCreate.Plan plan = outcome.get();
                if (plan != null && seen.add(plan.name())) {
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
        return plans;
    }

    /**
     * Sets {@code state} on the units not already there (those just created in it are only waited for and
     * reported, as if set now), waits, prints; returns the exit code.
     */
    int moveTo(List<UnitEntity> units, DesiredState state, String verb, BlockOptions block) {
        List<UnitEntity> changing = units.stream()
                .filter(u -> !state.wireName().equals(u.desiredState()) || createdInTarget.contains(u.name())).toList();
        return new Transition(session()).run(changing, state, verb, block.attempts(), true, createdInTarget);
    }
}
