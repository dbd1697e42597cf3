package fleet.constraint;

import java.util.Optional;

/** One placement rule: may this unit run on this machine? Empty means yes. */
public interface Constraint {
    Optional<Veto> check(Candidate unit, Host host);
}
