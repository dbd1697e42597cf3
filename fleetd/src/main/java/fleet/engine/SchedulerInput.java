package fleet.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fleet.constraint.ParsedUnit;
import fleet.constraint.ParsedUnitCache;
import fleet.constraint.Resources;
import fleet.registry.MachineInfo;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.schedule.ClusterSnapshot;
import fleet.schedule.Machine;
import fleet.schedule.Unit;

/**
 * The registry's cluster in the scheduler's model, as outside the engine sees it: every readable unit
 * where it is placed, every live machine. The engine's own pass adds what only it knows (machines it
 * holds, failures to avoid, completed batch units); the API plans rebalancing from this. Pure.
 */
public final class SchedulerInput {
    private SchedulerInput() {}

    public static ClusterSnapshot of(RegistrySnapshot snapshot, ParsedUnitCache parsedUnits) {
        Map<String, String> placed = new HashMap<>();
        for (ScheduledUnit s : snapshot.schedule()) {
            placed.putIfAbsent(s.name(), s.machineId());
        }
        List<Unit> units = new ArrayList<>();
        for (StoredUnit u : snapshot.units().values()) {
            ParsedUnit parsed = parsedUnits.get(u.name(), u.hash(), u.file());
            if (parsed.readable()) {
                units.add(new Unit(u.name(), parsed.requirements(), u.desiredState(),
                        Optional.ofNullable(placed.get(u.name())), parsed.resources()));
            }
        }
        return new ClusterSnapshot(snapshot.machines().values().stream().map(SchedulerInput::machine).toList(), units);
    }

    /** A registered machine with the capacity it declared (unbounded when it declared none). */
    static Machine machine(MachineInfo m) {
        MachineInfo.Capacity c = m.capacity();
        Resources capacity = c == null || (c.cpus() <= 0 && c.memoryBytes() <= 0)
                ? Resources.UNBOUNDED
                : new Resources(c.cpus() > 0 ? c.cpus() * 1000L : Long.MAX_VALUE,
                        c.memoryBytes() > 0 ? c.memoryBytes() : Long.MAX_VALUE);
        return new Machine(m.id(), m.publicIP(), m.metadata(), capacity, Resources.NONE);
    }
}
