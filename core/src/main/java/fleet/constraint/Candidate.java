package fleet.constraint;

import java.util.Map;
import java.util.Objects;

/**
 * A unit as the constraint checkers see it: its name, its X-Fleet requirements, what it asks for,
 * and the machines it avoids for now, each with why (a unit with {@link FailurePolicy} that failed
 * there too often).
 */
public record Candidate(String name, Requirements requirements, Resources requests, Map<String, String> avoid) {
    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(requests, "requests");
        avoid = Map.copyOf(avoid);
    }

    public Candidate(String name, Requirements requirements, Resources requests) {
        this(name, requirements, requests, Map.of());
    }
}
