package fleet.constraint;

import java.util.Objects;

/** A unit as the constraint checkers see it: its name, its X-Fleet requirements, what it asks for. */
public record Candidate(String name, Requirements requirements, Resources requests) {
    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(requests, "requests");
    }
}
