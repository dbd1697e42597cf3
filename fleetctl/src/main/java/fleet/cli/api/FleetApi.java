package fleet.cli.api;

import fleet.schema.MachineEntity;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * fleet's HTTP API v1 as fleetctl uses it. Lists are complete (every page collected). Every method
 * throws {@link FleetApiException} when the API refuses or cannot be reached.
 */
public interface FleetApi {
    /** {@code GET /fleet/v1/units}, sorted by name. */
    List<UnitEntity> listUnits();

    /** {@code GET /fleet/v1/units/<name>}; empty on 404. May carry {@code reasons}. */
    Optional<UnitEntity> getUnit(String name);

    /**
     * {@code PUT /fleet/v1/units/<name>}: creates or replaces the unit when {@code options} is non-null,
     * sets its desired state when {@code desiredState} is non-null (fleet's PUT semantics, §6.4).
     */
    void putUnit(String name, List<UnitOption> options, DesiredState desiredState);

    default void setDesiredState(String name, DesiredState desiredState) {
        putUnit(name, null, desiredState);
    }

    /**
     * {@code POST /fleet/v1/units} (fleetd's; fleet v1.0 has no such route): creates new units, each with
     * its options and desired state, in one request. The server checks every unit before it writes any,
     * so a refusal ({@link FleetApiException}) wrote nothing. False, with nothing written, when the server
     * does not know the route; the caller then PUTs unit by unit.
     */
    default boolean createUnits(List<UnitEntity> units) {
        return false;
    }

    /**
     * {@code POST /fleet/v1/units?dryRun=All}: the server checks the units as {@link #createUnits} would
     * and writes nothing. A refusal is a {@link FleetApiException}; false when the server does not know
     * the route or dry runs (then the caller creates them {@code inactive} first, as unit by unit).
     */
    default boolean checkUnits(List<UnitEntity> units) {
        return false;
    }

    /**
     * {@code PUT /fleet/v1/units/<name>/rollout} (fleetd's; fleet v1.0 has no such route): the rolling
     * update of a global unit to {@code options}, {@code rollout.machines()} allowed to run it so far.
     */
    default void putRollout(String name, List<UnitOption> options, UnitRolloutEntity rollout) {
        throw new FleetApiException(404, "this API does not roll out global units");
    }

    /** {@code DELETE /fleet/v1/units/<name>}; false when the unit did not exist. */
    boolean deleteUnit(String name);

    /** {@code GET /fleet/v1/state}, filtered by machine and/or unit name when non-null. */
    List<UnitStateEntity> listStates(String machineID, String unitName);

    /** {@code GET /fleet/v1/rebalance?maxMoves=N} (fleetd's): the moves rebalancing would make now. */
    default RebalancePlanEntity rebalancePlan(int maxMoves) {
        throw new FleetApiException(404, "this API does not rebalance");
    }

    /** {@code POST /fleet/v1/rebalance/moves} (fleetd's): asks the engine to make one move. */
    default void requestMove(RebalanceMoveEntity move) {
        throw new FleetApiException(404, "this API does not rebalance");
    }

    /** {@code GET /fleet/v1/rebalance/moves/<unit>} (fleetd's): the move on record, with its outcome once decided. */
    default Optional<RebalanceMoveEntity> move(String unit) {
        throw new FleetApiException(404, "this API does not rebalance");
    }

    /** {@code GET /fleet/v1/machines}. */
    List<MachineEntity> listMachines();

    /**
     * {@code GET /fleet/v1/units/<name>/status} (text/plain): {@code systemctl status -l} run on the
     * unit's machine. The optional response header {@code X-Fleet-Exit-Status} carries that command's exit
     * status (0 when absent).
     */
    UnitStatus unitStatus(String name);

    /**
     * {@code GET /fleet/v1/units/<name>/journal?lines=N[&follow=true]} (text/plain), copied to {@code out}
     * as it arrives; with {@code follow} it returns only when the server ends the stream.
     */
    void journal(String name, int lines, boolean follow, OutputStream out);
}
