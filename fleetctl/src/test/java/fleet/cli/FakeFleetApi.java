package fleet.cli;

import fleet.cli.api.FleetApi;
import fleet.cli.api.FleetApiException;
import fleet.cli.api.Machine;
import fleet.cli.api.Unit;
import fleet.cli.api.UnitState;
import fleet.cli.api.UnitStatus;
import fleet.unit.DesiredState;
import fleet.unit.UnitOption;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link FleetApi} for testing client logic above the interface (never a stand-in for the
 * real API, which is tested over HTTP). It records every write.
 */
public final class FakeFleetApi implements FleetApi {
    public final TreeMap<String, Unit> units = new TreeMap<>();
    public final List<UnitState> states = new ArrayList<>();
    public final List<Machine> machines = new ArrayList<>();
    public final List<String> writes = new ArrayList<>();
    public int gets;

    public FakeFleetApi unit(String name, List<UnitOption> options, String desired, String current, String machine) {
        units.put(name, new Unit(name, options, desired, current, machine, null));
        return this;
    }

    @Override
    public List<Unit> listUnits() {
        return new ArrayList<>(units.values());
    }

    @Override
    public Optional<Unit> getUnit(String name) {
        gets++;
        return Optional.ofNullable(units.get(name));
    }

    @Override
    public void putUnit(String name, List<UnitOption> options, DesiredState desiredState) {
        writes.add("PUT " + name + (options == null ? "" : " options=" + options.size())
                + (desiredState == null ? "" : " " + desiredState.wireName()));
        Unit old = units.get(name);
        if (old == null && options == null) {
            throw new FleetApiException(409, "unit does not exist and no options given");
        }
        List<UnitOption> opts = options != null ? options : old.options();
        String desired = desiredState != null ? desiredState.wireName() : "inactive";
        units.put(name, new Unit(name, opts, desired, old == null ? "inactive" : old.currentState(),
                old == null ? null : old.machineID(), old == null ? null : old.reasons()));
    }

    @Override
    public boolean deleteUnit(String name) {
        writes.add("DELETE " + name);
        return units.remove(name) != null;
    }

    @Override
    public List<UnitState> listStates(String machineID, String unitName) {
        return states.stream().filter(s -> machineID == null || machineID.equals(s.machineID()))
                .filter(s -> unitName == null || unitName.equals(s.name())).toList();
    }

    @Override
    public List<Machine> listMachines() {
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
