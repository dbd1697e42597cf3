package fleet.registry;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/** One placement read from {@code schedule/<machineId>/<name>}. */
public record ScheduledUnit(String machineId, String name, UnitHash hash, DesiredState desiredState) {
    static ScheduledUnit of(StoredKey k) {
        ScheduleRecord r = RegistryJson.read(k, ScheduleRecord.class);
        return new ScheduledUnit(EtcdKeys.secondSegment(k.key(), EtcdKeys.SCHEDULE), r.name(), r.hash(),
                r.desiredState());
    }
}
