package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.UnitEntities;
import fleet.cli.api.UnitStatus;
import fleet.schema.MachineEntity;
import fleet.schema.RebalanceMoveEntity;
import fleet.schema.RebalancePlanEntity;
import fleet.schema.UnitEntity;
import fleet.schema.UnitOptionEntity;
import fleet.schema.UnitRolloutEntity;
import fleet.schema.UnitStateEntity;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link FleetApi} for testing client logic above the interface (never a stand-in for the
 * real API, which is tested over HTTP). It records every write. Its methods are synchronized: commands
 * send per-unit requests from several threads.
 */
public final class FakeFleetApi implements FleetApi {
    public final TreeMap<String, UnitEntity> units = new TreeMap<>();
    public final List<UnitStateEntity> states = new ArrayList<>();
    public final List<MachineEntity> machines = new ArrayList<>();
    public final List<String> writes = new ArrayList<>();
    public int gets;
    /** Whether it offers fleetd's batch create; off, it answers as fleet v1.0 (the caller then PUTs). */
    public boolean batchRoute;
    /** When set, a batch create is refused (409) with this message and writes nothing. */
    public String refuseBatch;
    /** Whether its batch route also checks without writing ({@code ?dryRun=All}). */
    public boolean dryRuns = true;
    public int batchesAsked;

    public synchronized FakeFleetApi unit(String name, List<UnitOption> options, String desired, String current, String machine) {
        units.put(name, new UnitEntity(name, UnitEntities.toWire(options), desired, current, machine, null));
        return this;
    }

    @Override
    public synchronized List<UnitEntity> listUnits() {
        return new ArrayList<>(units.values());
    }

    @Override
    public synchronized Optional<UnitEntity> getUnit(String name) {
        gets++;
        return Optional.ofNullable(units.get(name));
    }

    @Override
    public synchronized void putUnit(String name, List<UnitOption> options, DesiredState desiredState) {
        writes.add("PUT " + name + (options == null ? "" : " options=" + options.size())
                + (desiredState == null ? "" : " " + desiredState.wireName()));
        UnitEntity old = units.get(name);
        if (old == null && options == null) {
            throw new FleetApiException(409, "unit does not exist and no options given");
        }
        List<UnitOptionEntity> opts = options != null ? UnitEntities.toWire(options) : old.options();
        String desired = desiredState != null ? desiredState.wireName() : "inactive";
        units.put(name, new UnitEntity(name, opts, desired, old == null ? "inactive" : old.currentState(),
                old == null ? null : old.machineID(), old == null ? null : old.reasons()));
    }

    /** The rebalancing plans served in turn (the last one again once only it is left). */
    public final List<RebalancePlanEntity> plans = new ArrayList<>();
    /** The engine's stand-in: a requested move's outcome ("moved", "refused" or null: undecided). */
    public java.util.function.Function<RebalanceMoveEntity, RebalanceMoveEntity> onMove = m -> m;
    private final TreeMap<String, RebalanceMoveEntity> moves = new TreeMap<>();

    @Override
    public synchronized RebalancePlanEntity rebalancePlan(int maxMoves) {
        RebalancePlanEntity p = plans.size() > 1 ? plans.remove(0) : plans.get(0);
        return new RebalancePlanEntity(p.moves().subList(0, Math.min(maxMoves, p.moves().size())), p.summary());
    }

    @Override
    public synchronized void requestMove(RebalanceMoveEntity move) {
        writes.add("MOVE " + move.unit() + " " + move.from() + " " + move.to());
        moves.put(move.unit(), onMove.apply(move));
    }

    @Override
    public synchronized Optional<RebalanceMoveEntity> move(String unit) {
        return Optional.ofNullable(moves.get(unit));
    }

    /** Called with each rollout stored, in the caller's lock: a test's stand-in for the agents. */
    public java.util.function.BiConsumer<String, UnitRolloutEntity> onRollout = (name, r) -> { };

    @Override
    public synchronized void putRollout(String name, List<UnitOption> options, UnitRolloutEntity rollout) {
        writes.add("ROLLOUT " + name + " " + rollout.hash().substring(0, 7) + " " + rollout.machines());
        UnitEntity old = units.get(name);
        if (old == null) {
            throw new FleetApiException(404, "unit does not exist");
        }
        units.put(name, new UnitEntity(name, old.options(), old.desiredState(), old.currentState(), old.machineID(),
                old.reasons(), rollout));
        onRollout.accept(name, rollout);
    }

    @Override
    public synchronized boolean checkUnits(List<UnitEntity> batch) {
        batchesAsked++;
        if (!batchRoute || !dryRuns) {
            return false;
        }
        writes.add("CHECK " + batch.size() + " " + batch.get(0).desiredState());
        if (refuseBatch != null) {
            throw new FleetApiException(409, refuseBatch);
        }
        return true;
    }

    @Override
    public synchronized boolean createUnits(List<UnitEntity> batch) {
        batchesAsked++;
        if (!batchRoute) {
            return false;
        }
        writes.add("POST " + String.join(",", batch.stream().map(UnitEntity::name).toList()) + " "
                + batch.get(0).desiredState());
        if (refuseBatch != null) {
            throw new FleetApiException(409, refuseBatch);
        }
        for (UnitEntity u : batch) {
            units.put(u.name(), new UnitEntity(u.name(), u.options(), u.desiredState(), "inactive", null, null));
        }
        return true;
    }

    @Override
    public synchronized boolean deleteUnit(String name) {
        writes.add("DELETE " + name);
        return units.remove(name) != null;
    }

    @Override
    public synchronized List<UnitStateEntity> listStates(String machineID, String unitName) {
        return states.stream().filter(s -> machineID == null || machineID.equals(s.machineID()))
                .filter(s -> unitName == null || unitName.equals(s.name())).toList();
    }

    @Override
    public List<MachineEntity> listMachines() {
        return machines;
    }

    @Override
    public UnitStatus unitStatus(String name) {
        return new UnitStatus("status of " + name + "\n", 3);
    }

    @Override
    public void journal(String name, int lines, boolean follow, OutputStream out) {
        throw new UnsupportedOperationException("journal");
    }
}
