package fleet.api;

import java.util.List;

import fleet.registry.MachineInfo;
import fleet.registry.RolloutRecord;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitStateRecord;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.schema.UnitReasonsEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitStateEntity;

/** Registry records to the API's wire entities ({@code fleet.schema}). */
final class EntityMapping {
    private EntityMapping() {}

    /**
     * @param targetMachine the unit's placement, null when not placed (always null for globals)
     * @param states        the published states of this unit (any machine)
     * @param reasons       the engine's reasons for not placing it, or null
     */
    static UnitEntity unit(StoredUnit u, String targetMachine, List<UnitStateRecord> states, UnitReasons reasons) {
        String target = u.global() ? null : targetMachine;
        List<UnitOptionEntity> options = u.file().options().stream()
                .map(o -> new UnitOptionEntity(o.section(), o.name(), o.value())).toList();
        return new UnitEntity(u.name(), options, u.desiredState().wireName(),
                CurrentState.of(u.global(), target, states), target, reasons(reasons), rollout(u.record().rollout()));
    }

    private static UnitRolloutEntity rollout(RolloutRecord r) {
        return r == null ? null : new UnitRolloutEntity(r.hash().hex(), r.order(), r.machines(), r.maxParallel());
    }

    static UnitStateEntity state(UnitStateRecord s) {
        return new UnitStateEntity(s.name(), s.hash() == null ? null : s.hash().hex(), s.machineID(), s.loadState(),
                s.activeState(), s.subState(), s.agentError());
    }

    static MachineEntity machine(MachineInfo m) {
        return new MachineEntity(m.id(), m.publicIP(), m.metadata());
    }

    private static UnitReasonsEntity reasons(UnitReasons r) {
        return r == null ? null : new UnitReasonsEntity(r.machines(), r.summary());
    }
}
