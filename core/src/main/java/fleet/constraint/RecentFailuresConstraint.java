package fleet.constraint;

import java.util.Optional;

/** A unit avoids the machines it failed on too often lately (see {@link FailurePolicy}); the why is the engine's. */
public final class RecentFailuresConstraint implements Constraint {

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        String why = unit.avoid().get(host.id());
        return why == null ? Optional.empty() : Optional.of(Veto.of(why));
    }
}
