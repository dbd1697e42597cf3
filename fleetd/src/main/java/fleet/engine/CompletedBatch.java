package fleet.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import fleet.constraint.ParsedUnit;
import fleet.registry.CompletionRecord;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitRecord;
import fleet.unit.DesiredState;

/**
 * A {@code Batch=true} unit whose current version completed is planned as desired {@code loaded}: its
 * placement says loaded, so no agent starts it again (a restarted one on the same machine, or the one
 * of a machine it is rescheduled to), and it keeps its place, constraints and load. Pure.
 */
final class CompletedBatch {
    private CompletedBatch() {}

    /** The completion that stops {@code u} from running again, if any. */
    static Optional<CompletionRecord> of(StoredUnit u, ParsedUnit parsed, Map<String, CompletionRecord> completions) {
        CompletionRecord c = completions.get(u.name());
        boolean applies = c != null && parsed.requirements().batch() && c.hash().equals(u.hash())
                && u.desiredState() == DesiredState.LAUNCHED;
        return applies ? Optional.of(c) : Optional.empty();
    }

    /** {@code u} as the engine plans it once completed: loaded, never launched again. */
    static StoredUnit asLoaded(StoredUnit u) {
        return new StoredUnit(new UnitRecord(u.name(), u.hash(), DesiredState.LOADED, u.global()), u.file());
    }

    static UnitReasons why(CompletionRecord c) {
        return new UnitReasons(Map.of(), "completed on " + c.machineID() + " at "
                + Instant.ofEpochMilli(c.completedAt()).truncatedTo(ChronoUnit.SECONDS)
                + " (Batch=true): not started again until replaced or destroyed");
    }
}
