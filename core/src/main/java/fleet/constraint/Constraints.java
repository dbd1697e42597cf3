package fleet.constraint;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * All checkers in the order fleet's {@code AbleToRun} applies them (MachineID, metadata,
 * MachineOf, conflicts), then replacement, capacity and recent failures. The first veto is the reason;
 * recent failures come last so that a unit vetoed by them fits otherwise.
 */
public final class Constraints {
    private final List<Constraint> all;

    /** @param placement where a non-global unit is placed, used only to word MachineOf vetoes */
    public Constraints(Function<String, Optional<String>> placement) {
        this.all = List.of(
                new MachineIdConstraint(),
                new MachineMetadataConstraint(),
                new MachineOfConstraint(placement),
                new ConflictsConstraint(),
                new ReplacedByConstraint(),
                new CapacityConstraint(),
                new RecentFailuresConstraint());
    }

    public Optional<Veto> firstVeto(Candidate unit, Host host) {
        for (Constraint c : all) {
            Optional<Veto> veto = c.check(unit, host);
            if (veto.isPresent()) {
                return veto;
            }
        }
        return Optional.empty();
    }

    /** Every check except metadata, for callers that already know the metadata matches. */
    public Optional<Veto> firstVetoBesidesMetadata(Candidate unit, Host host) {
        for (Constraint c : all) {
            if (c instanceof MachineMetadataConstraint) {
                continue;
            }
            Optional<Veto> veto = c.check(unit, host);
            if (veto.isPresent()) {
                return veto;
            }
        }
        return Optional.empty();
    }
}
