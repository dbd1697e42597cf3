package fleet.constraint;

import java.util.Optional;

/**
 * The unit's memory and CPU requests (from its own {@code MemoryMax=} and {@code CPUQuota=}) must
 * fit in what the machine has free. Units without requests fit anywhere.
 */
public final class CapacityConstraint implements Constraint {

    @Override
    public Optional<Veto> check(Candidate unit, Host host) {
        Resources need = unit.requests();
        if (need.isNone()) {
            return Optional.empty();
        }
        Resources free = host.free();
        if (need.memoryBytes() > free.memoryBytes()) {
            return Optional.of(Veto.lazy(() -> "needs " + Resources.formatBytes(need.memoryBytes()) + ", "
                    + Resources.formatBytes(free.memoryBytes()) + " free"));
        }
        if (need.cpuMillis() > free.cpuMillis()) {
            return Optional.of(Veto.lazy(() -> "needs " + Resources.formatCpu(need.cpuMillis()) + ", "
                    + Resources.formatCpu(free.cpuMillis()) + " free"));
        }
        return Optional.empty();
    }
}
