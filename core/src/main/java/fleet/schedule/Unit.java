package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.Candidate;
import fleet.constraint.Requirements;
import fleet.constraint.Resources;
import java.util.Objects;
import java.util.Optional;

/**
 * A unit in the snapshot.
 *
 * @param target   the machine it is scheduled on now, if any (always empty for global units)
 * @param requests memory and CPU it asks for; see {@link fleet.constraint.ResourceRequests}
 */
public record Unit(String name, Requirements requirements, DesiredState desired, Optional<String> target,
                   Resources requests) {

    public Unit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requests, "requests");
    }

    public static Unit of(String name, Requirements requirements, DesiredState desired) {
        return new Unit(name, requirements, desired, Optional.empty(), Resources.NONE);
    }

    public Unit withTarget(Optional<String> machine) {
        return new Unit(name, requirements, desired, machine, requests);
    }

    public boolean global() {
        return requirements.global();
    }

    Candidate candidate() {
        return new Candidate(name, requirements, requests);
    }
}
