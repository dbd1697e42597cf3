package fleet.schedule;

import java.util.Map;
import java.util.Objects;

/**
 * One scheduling decision, as data, with the reason a user reads. A unit that moves is an
 * {@link Unschedule} from its old machine followed by a {@link Place} on the new one, so that each
 * decision maps to one registry write.
 */
public sealed interface Decision {
    String unit();

    String reason();

    /** Put the unit on the machine. */
    record Place(String unit, String machine, String reason) implements Decision {
        public Place {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Take the unit off the machine it is scheduled on. */
    record Unschedule(String unit, String machine, String reason) implements Decision {
        public Unschedule {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The unit should run but fits nowhere: the first veto per machine ID, and a summary.
     * Not a change: it tells the user why (fleet hung silently, coreos/fleet#912).
     */
    record Unplaceable(String unit, Map<String, String> machines, String summary) implements Decision {
        public Unplaceable {
            Objects.requireNonNull(unit, "unit");
            machines = Map.copyOf(machines);
            Objects.requireNonNull(summary, "summary");
        }

        @Override
        public String reason() {
            return summary;
        }
    }
}
