package fleet.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import fleet.registry.ClusterPicture;
import fleet.registry.MachineInfo;
import fleet.registry.ScheduledUnit;
import fleet.registry.StoredUnit;
import fleet.registry.UnitReasons;
import fleet.registry.UnitStateRecord;

/**
 * What the web view shows at one revision: machines with their load, units with desired and current
 * state and where they run, the engine's reasons for units it could not place, and the leader.
 * Machines and units are in name order.
 */
public record ClusterView(long revision, String leader, List<MachineRow> machines, List<UnitRow> units) {
    public ClusterView {
        machines = List.copyOf(machines);
        units = List.copyOf(units);
    }

    /** A live machine; {@code units} counts the units placed on it. */
    public record MachineRow(String id, String publicIP, Map<String, String> metadata, int units, boolean leader,
            boolean stopping) {}

    /**
     * A unit; {@code placements} is where it is scheduled (a global unit: where it reports a state),
     * {@code reason} the engine's one-line reason when it placed the unit nowhere, and
     * {@code machineReasons} why each machine was refused.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY) // no empty reason or reasons, no global=false: 10,000 units are a big message
    public record UnitRow(String name, String desired, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean global,
            List<Placement> placements, String reason,
            Map<String, String> machineReasons) {}

    /** A unit's current state on one machine ({@code "-"} for what it has not reported yet). */
    public record Placement(String machine, String load, String active, String sub) {}

    public static ClusterView of(ClusterPicture picture) {
        Map<String, Map<String, UnitStateRecord>> states = new HashMap<>();
        for (UnitStateRecord s : picture.states()) {
            states.computeIfAbsent(s.name(), n -> new TreeMap<>()).put(s.machineID(), s);
        }
        Map<String, List<String>> scheduled = new HashMap<>();
        for (ScheduledUnit s : picture.snapshot().schedule()) {
            scheduled.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s.machineId());
        }
        List<UnitRow> units = new ArrayList<>();
        Map<String, Integer> load = new HashMap<>();
        for (StoredUnit u : picture.snapshot().units().values()) {
            Map<String, UnitStateRecord> ofUnit = states.getOrDefault(u.name(), Map.of());
            List<String> where = u.global() ? new ArrayList<>(ofUnit.keySet()) : scheduled.getOrDefault(u.name(), List.of());
            if (where.size() > 1) {
                where.sort(null); // a unit scheduled twice, as an engine pass moves it
            }
            List<Placement> placements = new ArrayList<>(where.size());
            for (String m : where) {
                placements.add(placement(m, ofUnit.get(m)));
                load.merge(m, 1, Integer::sum);
            }
            UnitReasons why = where.isEmpty() ? picture.snapshot().reasons().get(u.name()) : null;
            units.add(new UnitRow(u.name(), u.desiredState().wireName(), u.global(), placements,
                    why == null ? "" : why.summary(), why == null ? Map.of() : new TreeMap<>(why.machines())));
        }
        units.sort(Comparator.comparing(UnitRow::name));
        List<MachineRow> machines = new ArrayList<>();
        for (MachineInfo m : picture.snapshot().machines().values()) {
            machines.add(new MachineRow(m.id(), m.publicIP(), new TreeMap<>(m.metadata()), load.getOrDefault(m.id(), 0),
                    m.id().equals(picture.leader()), m.stopping()));
        }
        machines.sort(Comparator.comparing(MachineRow::id));
        return new ClusterView(picture.revision(), picture.leader(), machines, units);
    }

    public Optional<MachineRow> machine(String id) {
        return machines.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<UnitRow> unit(String name) {
        return units.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    private static Placement placement(String machine, UnitStateRecord s) {
        return s == null ? new Placement(machine, "-", "-", "-")
                : new Placement(machine, dash(s.loadState()), dash(s.activeState()), dash(s.subState()));
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
