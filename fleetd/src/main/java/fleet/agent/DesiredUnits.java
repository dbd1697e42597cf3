package fleet.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import fleet.constraint.ParsedUnit;
import fleet.constraint.ParsedUnitCache;
import fleet.constraint.Requirements;
import fleet.registry.MachineSchedule;
import fleet.registry.ScheduleRecord;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/**
 * What this machine should run (fleet-v1 §4.4): the units the engine scheduled here, plus the
 * global units {@link GlobalUnitSelector} accepts for this machine's metadata. Pure but for the
 * cache of parsed units, which only saves parsing the same body again.
 *
 * @param units      by name, ready for {@link AgentReconciler#plan}
 * @param leaveAlone units whose body is missing from the snapshot: neither loaded nor unloaded this pass
 * @param notes      why a unit is left out, one line each, for the log
 * @param atMostOneCopy scheduled units with {@code AtMostOneCopy=true}, stopped when this machine is cut off
 */
public record DesiredUnits(Map<String, DesiredUnit> units, Set<String> leaveAlone, List<String> notes,
        Set<String> atMostOneCopy) {

    public DesiredUnits {
        units = Map.copyOf(units);
        leaveAlone = Set.copyOf(leaveAlone);
        notes = List.copyOf(notes);
        atMostOneCopy = Set.copyOf(atMostOneCopy);
    }

    public static DesiredUnits of(MachineSchedule schedule, Map<String, String> machineMetadata,
            ParsedUnitCache parsedUnits) {
        Map<String, DesiredUnit> units = new TreeMap<>();
        Set<String> leaveAlone = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        Map<String, Requirements> scheduled = new TreeMap<>();
        for (ScheduleRecord r : schedule.scheduled()) {
            UnitFile body = schedule.bodies().get(r.hash());
            if (body == null) {
                leaveAlone.add(r.name());
                notes.add(r.name() + ": body " + r.hash().shortHex() + " missing from the registry; left as it is");
            } else if (r.desiredState() != DesiredState.INACTIVE) {
                units.put(r.name(), new DesiredUnit(r.name(), body, r.desiredState()));
                // the engine placed it: an unreadable unit only means it claims no conflicts here
                scheduled.put(r.name(), parsedUnits.get(r.name(), r.hash(), body).requirements());
            }
        }
        Map<String, Requirements> globals = new TreeMap<>();
        Map<String, ScheduleRecord> globalRecords = new TreeMap<>();
        for (ScheduleRecord g : schedule.globals()) {
            UnitFile body = schedule.bodies().get(g.hash());
            if (g.desiredState() == DesiredState.INACTIVE) {
                continue;
            }
            if (body == null) {
                leaveAlone.add(g.name());
                notes.add(g.name() + ": body " + g.hash().shortHex() + " missing from the registry; left as it is");
                continue;
            }
            ParsedUnit parsed = parsedUnits.get(g.name(), g.hash(), body);
            if (!parsed.global()) {
                notes.add(g.name() + ": listed under global/ but not run: " + parsed.problem()
                        .map(p -> "invalid unit: " + p).orElse("its [X-Fleet] Global= is not true"));
                continue;
            }
            globals.put(g.name(), parsed.requirements());
            globalRecords.put(g.name(), g);
        }
        GlobalUnitSelector.Selection selection = GlobalUnitSelector.select(machineMetadata, scheduled, globals);
        for (String name : selection.accepted()) {
            ScheduleRecord g = globalRecords.get(name);
            units.put(name, new DesiredUnit(name, schedule.bodies().get(g.hash()), g.desiredState()));
        }
        selection.refused().forEach((name, why) -> notes.add(name + ": global unit not run here: " + why));
        Set<String> single = new TreeSet<>();
        scheduled.forEach((name, req) -> {
            if (req.atMostOneCopy()) {
                single.add(name);
            }
        });
        return new DesiredUnits(units, leaveAlone, notes, single);
    }
}
