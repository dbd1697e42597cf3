package fleet.registry;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/** One engine write, applied fenced by {@link DecisionWriter}. */
public sealed interface PlacementOp {
    String unit();

    /** Put {@code schedule/<machine>/<unit>} and {@code placement/<unit>} (2 etcd operations). */
    record Place(String unit, String machineId, UnitHash hash, DesiredState desiredState) implements PlacementOp {
        public Place {
            UnitStore.validateName(unit);
            MachineIds.validate(machineId);
        }
    }

    /**
     * Delete {@code schedule/<machine>/<unit>} and {@code placement/<unit>}, the latter unless the same
     * call places the unit elsewhere (a move).
     */
    record Unschedule(String unit, String machineId) implements PlacementOp {
        public Unschedule {
            UnitStore.validateName(unit);
            MachineIds.validate(machineId);
        }
    }

    /** Put {@code reasons/<unit>}. */
    record SetReasons(String unit, UnitReasons reasons) implements PlacementOp {
        public SetReasons {
            UnitStore.validateName(unit);
        }
    }

    /** Put {@code moves/<unit>}: a rebalancing move's outcome. */
    record RecordMove(String unit, MoveRecord move) implements PlacementOp {
        public RecordMove {
            UnitStore.validateName(unit);
        }
    }

    /** Delete {@code reasons/<unit>}. */
    record ClearReasons(String unit) implements PlacementOp {
        public ClearReasons {
            UnitStore.validateName(unit);
        }
    }
}
