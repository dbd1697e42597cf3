package fleet.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** systemd's view of a unit on one machine (fleet's {@code schema.UnitState}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UnitState(String name, String hash, String machineID, String systemdLoadState,
        String systemdActiveState, String systemdSubState) {
}
