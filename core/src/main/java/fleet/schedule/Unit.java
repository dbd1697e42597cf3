package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.Candidate;
import fleet.constraint.Requirements;
import fleet.constraint.Resources;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A unit in the snapshot.
 *
 * @param target   the machine it is scheduled on now, if any (always empty for global units)
 * @param requests memory and CPU it asks for; see {@link fleet.constraint.ResourceRequests}
 * @param avoid    machines it must not be placed on for now, each with why (recent failures there);
 *                 it stays on an avoided machine it runs on only when no other machine fits
 */
public record Unit(String name, Requirements requirements, DesiredState desired, Optional<String> target,
                   Resources requests, Map<String, String> avoid) {

    public Unit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requests, "requests");
        avoid = Map.copyOf(avoid);
    }

    public Unit(String name, Requirements requirements, DesiredState desired, Optional<String> target,
            Resources requests) {
        this(name, requirements, desired, target, requests, Map.of());
    }

    public static Unit of(String name, Requirements requirements, DesiredState desired) {
        return new Unit(name, requirements, desired, Optional.empty(), Resources.NONE);
    }

    public Unit withTarget(Optional<String> machine) {
        return new Unit(name, requirements, desired, machine, requests, avoid);
    }

    public boolean global() {
        return requirements.global();
    }

    Candidate candidate() {
        return new Candidate(name, requirements, requests, avoid);
    }
}
