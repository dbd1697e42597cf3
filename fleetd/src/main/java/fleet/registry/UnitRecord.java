package fleet.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * {@code units/<name>}: a unit's identity, the hash of its body, and what fleet should do with it;
 * for a global unit being rolled out, the rollout (null otherwise).
 */
public record UnitRecord(
        @JsonProperty("name") String name,
        @JsonProperty("hash") UnitHash hash,
        @JsonProperty("desiredState") DesiredState desiredState,
        @JsonProperty("global") boolean global,
        @JsonProperty("rollout") @JsonInclude(JsonInclude.Include.NON_NULL) RolloutRecord rollout) {

    public UnitRecord(String name, UnitHash hash, DesiredState desiredState, boolean global) {
        this(name, hash, desiredState, global, null);
    }

    UnitRecord withDesiredState(DesiredState state) {
        return new UnitRecord(name, hash, state, global, rollout);
    }

    UnitRecord withRollout(RolloutRecord next) {
        return new UnitRecord(name, hash, desiredState, global, next);
    }

    GlobalRecord asGlobal() {
        return new GlobalRecord(name, hash, desiredState, rollout);
    }
}
