package fleet.constraint;

import java.util.Optional;

/**
 * {@code Conflicts=glob}: the unit may not share a machine with a unit whose name matches. Checked
 * both ways: another unit's {@code Conflicts} matching this unit's name blocks it too.
 */
public final class ConflictsConstraint implements Constraint {

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        if (!unit.requirements().conflicts().isEmpty()) {
            Optional<String> clash = host.unitMatching(unit.requirements().conflicts());
            if (clash.isPresent()) {
                return Optional.of(Veto.lazy(() -> "conflicts with " + clash.get()));
            }
        }
        return host.unitConflictingWith(unit.name()).map(owner -> Veto.lazy(() ->
                "conflicts with " + owner.unit() + " (its Conflicts=" + owner.pattern() + ")"));
    }
}
