package fleet.constraint;

import java.util.Optional;
import java.util.function.Function;

/**
 * {@code MachineOf=unit}: the machine must run every named unit. A unit whose target is not
 * scheduled anywhere waits.
 */
public final class MachineOfConstraint implements Constraint {
    private final Function<String, Optional<String>> placement;

    /** @param placement the machine a (non-global) unit is placed on, for the reason text */
    public MachineOfConstraint(Function<String, Optional<String>> placement) {
        this.placement = placement;
    }

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        for (String peer : unit.requirements().machineOf()) {
            if (!host.runs(peer)) {
                return Optional.of(Veto.lazy(() -> "MachineOf " + peer + placement.apply(peer)
                        .map(m -> " which is on " + m)
                        .orElse(" which is not scheduled")));
            }
        }
        return Optional.empty();
    }
}
