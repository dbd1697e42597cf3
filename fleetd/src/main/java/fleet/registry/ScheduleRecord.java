package fleet.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * {@code schedule/<machineID>/<name>} (a placement) and {@code global/<name>} (a global unit): what
 * an agent needs to run the unit, with the body looked up by hash.
 */
public record ScheduleRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("desiredState") DesiredState desiredState) {}
