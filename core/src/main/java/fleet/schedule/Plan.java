package fleet.schedule;

import java.util.List;

/** The scheduler's output: decisions in the order they were taken (later ones saw earlier ones). */
public record Plan(List<Decision> decisions) {
    public Plan {
        decisions = List.copyOf(decisions);
    }

    /** Places and unschedules: what the engine writes. */
    public List<Decision> changes() {
        return decisions.stream().filter(d -> !(d instanceof Decision.Unplaceable)).toList();
    }

    public List<Decision.Place> places() {
        return decisions.stream().filter(Decision.Place.class::isInstance).map(Decision.Place.class::cast).toList();
    }

    public List<Decision.Unschedule> unschedules() {
        return decisions.stream().filter(Decision.Unschedule.class::isInstance)
                .map(Decision.Unschedule.class::cast).toList();
    }

    public List<Decision.Unplaceable> unplaceable() {
        return decisions.stream().filter(Decision.Unplaceable.class::isInstance)
                .map(Decision.Unplaceable.class::cast).toList();
    }
}
