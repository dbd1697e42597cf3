package fleet.cli.apply;

import fleet.unit.DesiredState;

/**
 * One change apply makes to one unit, and why. {@code local} is null for a destroy, {@code existing}
 * for a create; {@code rollout} names the template whose running instances are replaced one batch at
 * a time, or the global unit itself when it is rolled out machine by machine
 * (null when the unit is changed with the others at once).
 */
public record Action(Kind kind, String name, String reason, LocalUnit local, ClusterUnit existing, String rollout) {
    public enum Kind {
        /** Submit the unit with its desired state. */
        CREATE,
        /** Send the new body (the unit goes back to inactive, as fleetctl --replace does), then set its state. */
        REPLACE,
        /** Only the desired state differs. */
        SET_STATE,
        /** {@code --prune}: apply created it for this set and the tree no longer has it. */
        DESTROY
    }

    /** The state the unit ends in; null for a destroy. */
    public DesiredState target() {
        return local == null ? null : local.desired();
    }

    public boolean rolling() {
        return rollout != null;
    }
}
