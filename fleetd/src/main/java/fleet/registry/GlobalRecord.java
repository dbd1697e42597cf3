package fleet.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * {@code global/<name>}: what every agent needs to run a global unit, with its rollout when one is
 * under way. Agents read it and the rollout at one revision, so a restarted agent or a new engine
 * leader finds the same answer for each machine.
 */
record GlobalRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("desiredState") DesiredState desiredState,
        @JsonProperty("rollout") @JsonInclude(JsonInclude.Include.NON_NULL) RolloutRecord rollout) {

    /** What {@code machineId} runs: the rollout's body once the rollout allows it there, else the committed one. */
    ScheduleRecord forMachine(String machineId) {
        boolean taken = rollout != null && rollout.allows(machineId);
        return new ScheduleRecord(name, taken ? rollout.hash() : hash, desiredState);
    }
}
