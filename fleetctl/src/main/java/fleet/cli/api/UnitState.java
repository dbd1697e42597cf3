package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * systemd's view of a unit on one machine (fleet's {@code schema.UnitState}), plus ours:
 * {@code agentError}, why the machine's agent could not carry out its last task for the unit.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitState(String name, String hash, String machineID, String systemdLoadState,
        String systemdActiveState, String systemdSubState, String agentError) {
    public UnitState(String name, String hash, String machineID, String systemdLoadState, String systemdActiveState,
            String systemdSubState) {
        this(name, hash, machineID, systemdLoadState, systemdActiveState, systemdSubState, null);
    }
}
