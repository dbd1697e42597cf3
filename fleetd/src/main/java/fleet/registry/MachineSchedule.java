package fleet.registry;

import java.util.List;
import java.util.Map;

import fleet.unit.UnitFile;
import fleet.unit.UnitHash;

/**
 * What one agent needs, read at one {@link #revision()}: the units placed on its machine, the
 * global units, and the bodies of both by hash.
 */
public record MachineSchedule(
        long revision,
        String machineId,
        List<ScheduleRecord> scheduled,
        List<ScheduleRecord> globals,
        Map<UnitHash, UnitFile> bodies) {

    public MachineSchedule {
        scheduled = List.copyOf(scheduled);
        globals = List.copyOf(globals);
        bodies = Map.copyOf(bodies);
    }
}
