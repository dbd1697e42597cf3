package fleet.constraint;

import java.util.Optional;

/**
 * The other side of {@code Replaces=glob}: a unit does not go where a unit that replaces it runs,
 * or the next pass would displace it again. Circular replaces are ignored, as in fleet.
 */
public final class ReplacedByConstraint implements Constraint {

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        return host.unitReplacing(unit.name(), unit.requirements().replaces()).map(owner -> Veto.lazy(() ->
                "replaced by " + owner.unit() + " (its Replaces=" + owner.pattern() + ")"));
    }
}
