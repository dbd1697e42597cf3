package fleet.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/** {@code units/<name>}: a unit's identity, the hash of its body, and what fleet should do with it. */
public record UnitRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("desiredState") DesiredState desiredState,
        @JsonProperty("global") boolean global) {

    UnitRecord withDesiredState(DesiredState state) {
        return new UnitRecord(name, hash, state, global);
    }

    ScheduleRecord asSchedule() {
        return new ScheduleRecord(name, hash, desiredState);
    }
}
