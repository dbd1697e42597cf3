package fleet.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fleet.registry.ClusterPicture;
import fleet.registry.MachineInfo;
import fleet.registry.RegistrySnapshot;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitRecord;
import fleet.registry.UnitStateRecord;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitOption;

/** Builds {@link ClusterPicture}s for the view's tests. */
final class Pictures {
    static final UnitFile PLAIN = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true")));
    static final UnitFile GLOBAL = UnitFile.of(List.of(new UnitOption("Service", "ExecStart", "/bin/true"),
            new UnitOption("X-Fleet", "Global", "true")));

    private long revision = 10;
    private final Map<String, StoredUnit> units = new HashMap<>();
    private final List<ScheduledUnit> schedule = new ArrayList<>();
    private final Map<String, UnitReasons> reasons = new HashMap<>();
    private final Map<String, MachineInfo> machines = new HashMap<>();
    private final List<UnitStateRecord> states = new ArrayList<>();
    private String leader = "";

    Pictures machine(String id, String ip, Map<String, String> metadata) {
        machines.put(id, new MachineInfo(id, ip, metadata, "test", new MachineInfo.Capacity(0, 0), false));
        return this;
    }

    Pictures unit(String name, DesiredState desired) {
        units.put(name, new StoredUnit(new UnitRecord(name, PLAIN.hash(), desired, false), PLAIN));
        return this;
    }

    Pictures global(String name) {
        units.put(name, new StoredUnit(new UnitRecord(name, GLOBAL.hash(), DesiredState.LAUNCHED, true), GLOBAL));
        return this;
    }

    Pictures placed(String name, String machine) {
        schedule.add(new ScheduledUnit(machine, name, PLAIN.hash(), units.get(name).desiredState()));
        return this;
    }

    Pictures state(String name, String machine, String active, String sub) {
        states.add(new UnitStateRecord(name, units.get(name).hash(), machine, "loaded", active, sub, "launched"));
        return this;
    }

    Pictures unplaced(String name, String summary, Map<String, String> perMachine) {
        reasons.put(name, new UnitReasons(perMachine, summary));
        return this;
    }

    Pictures leader(String machine) {
        leader = machine;
        return this;
    }

    ClusterPicture picture() {
        return new ClusterPicture(new RegistrySnapshot(revision++, units, schedule, reasons, machines), states, leader);
    }

    ClusterView view() {
        return ClusterView.of(picture());
    }
}
