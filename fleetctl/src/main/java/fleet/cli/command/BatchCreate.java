package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.UnitEntities;
import fleet.schema.UnitEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lazy-create through fleetd's batch route ({@link FleetApi#createUnits}), used when every unit a
 * command writes is new (a replacement is a PUT's job): one request per {@value #PER_REQUEST} units
 * instead of a PUT each. When one request holds them all, the units are created directly in the
 * command's target state (no second PUT each); the server checks all before writing any, so a refusal
 * still means no unit starts. With more requests the server first checks every chunk without writing
 * (a dry run), then each is created in the target state; a server without dry runs gets them
 * {@code inactive}, as unit by unit, and each unit's state follows in a PUT of its own. (Only a unit
 * that someone else creates between the check and the write can then leave earlier chunks started.)
 * Empty when the server does not know the route: the command then PUTs unit by unit.
 */
final class BatchCreate {
    static final int PER_REQUEST = 250;

    private final FleetApi api;

    BatchCreate(FleetApi api) {
        this.api = api;
    }

    /** The state each new unit was created in, in the plans' order (non-writing plans: their state now). */
    Optional<List<Fanout.Outcome<String>>> createAll(List<LazyCreate.Plan> plans, DesiredState target) {
        List<LazyCreate.Plan> creating = plans.stream().filter(LazyCreate.Plan::writes).toList();
        if (creating.isEmpty() || creating.stream().anyMatch(LazyCreate.Plan::replace)
                || (target != DesiredState.INACTIVE && creating.stream().anyMatch(BatchCreate::isTemplate))) {
            return Optional.empty(); // a template is created, then refused its state, as unit by unit
        }
        boolean inTargetState;
        try {
            inTargetState = creating.size() <= PER_REQUEST || allChecked(creating, target.wireName());
        } catch (FleetApiException refused) {
            return Optional.of(outcomes(plans, target.wireName(), 0, refused));
        }
        String state = (inTargetState ? target : DesiredState.INACTIVE).wireName();
        RuntimeException failure = null;
        int from = 0;
        for (; from < creating.size(); from += PER_REQUEST) {
            List<UnitEntity> some = chunk(creating, from, state);
            try {
                if (!api.createUnits(some)) {
                    if (from == 0) {
                        return Optional.empty();
                    }
                    failure = new FleetApiException(404, "the API stopped accepting batch creation");
                }
            } catch (FleetApiException e) {
                failure = e;
            }
            if (failure != null) {
                break;
            }
        }
        return Optional.of(outcomes(plans, state, from, failure));
    }

    /**
     * More units than one request holds: the server checks every chunk first (a dry run), so that a
     * refusal still means no unit starts; then each chunk can be created directly in the target state.
     * False when the server does not do dry runs.
     */
    private boolean allChecked(List<LazyCreate.Plan> creating, String state) {
        for (int from = 0; from < creating.size(); from += PER_REQUEST) {
            if (!api.checkUnits(chunk(creating, from, state))) {
                return false;
            }
        }
        return true;
    }

    private static List<UnitEntity> chunk(List<LazyCreate.Plan> creating, int from, String state) {
        return creating.subList(from, Math.min(creating.size(), from + PER_REQUEST)).stream()
                .map(p -> new UnitEntity(p.name(), UnitEntities.toWire(p.options()), state, null, null, null))
                .toList();
    }

    private static boolean isTemplate(LazyCreate.Plan p) {
        return UnitName.trusted(p.name()).isTemplate(); // decide() parsed it
    }

    /**
     * The new units before {@code failedAt} (an index among them) were written; a failure is told at
     * {@code failedAt}, and the new units after it are left out (not written).
     */
    private static List<Fanout.Outcome<String>> outcomes(List<LazyCreate.Plan> plans, String state, int failedAt,
            RuntimeException failure) {
        List<Fanout.Outcome<String>> out = new ArrayList<>();
        int k = 0;
        for (LazyCreate.Plan p : plans) {
            if (!p.writes()) {
                out.add(new Fanout.Outcome<>(p.existing().desiredState(), null, false));
            } else if (failure == null || k < failedAt) {
                out.add(new Fanout.Outcome<>(state, null, false));
            } else {
                out.add(new Fanout.Outcome<>(null, k == failedAt ? failure : null, k > failedAt));
            }
            k += p.writes() ? 1 : 0;
        }
        return out;
    }
}
