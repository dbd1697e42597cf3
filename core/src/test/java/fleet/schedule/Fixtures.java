package fleet.schedule;

import fleet.unit.DesiredState;

import fleet.constraint.Requirements;
import fleet.constraint.ResourceRequests;
import fleet.constraint.Resources;
import fleet.unit.UnitOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Compact builders for scheduler tests: machines and units from short option strings. */
final class Fixtures {
    private Fixtures() {
    }

    /** A machine without capacity limit: {@code machine("m1", "role=web", "zone=a")}. */
    static Machine machine(String id, String... metadata) {
        return Machine.of(id, parseMetadata(metadata));
    }

    /** A machine with a memory capacity in MiB. */
    static Machine machineWithMemory(String id, long mib, String... metadata) {
        return new Machine(id, "", parseMetadata(metadata), new Resources(Long.MAX_VALUE, mib << 20), Resources.NONE);
    }

    private static Map<String, String> parseMetadata(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (String s : kv) {
            String[] p = s.split("=", 2);
            m.put(p[0], p[1]);
        }
        return m;
    }

    /**
     * A launched unit. Options: {@code MachineID=}, {@code MachineOf=}, {@code MachineMetadata=k=v},
     * {@code Conflicts=}, {@code Replaces=}, {@code Global=true}, {@code MemoryMax=}, {@code CPUQuota=},
     * and the snapshot's own {@code target=m1}, {@code desired=inactive|loaded|launched}.
     */
    static Unit unit(String name, String... options) {
        Optional<String> machineId = Optional.empty();
        List<String> machineOf = new ArrayList<>();
        Map<String, Set<String>> metadata = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> replaces = new ArrayList<>();
        boolean global = false;
        Optional<String> target = Optional.empty();
        DesiredState desired = DesiredState.LAUNCHED;
        List<UnitOption> service = new ArrayList<>();
        for (String o : options) {
            String[] kv = o.split("=", 2);
            String v = kv[1];
            switch (kv[0]) {
                case "MachineID" -> machineId = Optional.of(v);
                case "MachineOf" -> machineOf.add(v);
                case "MachineMetadata" -> {
                    String[] m = v.split("=", 2);
                    metadata.computeIfAbsent(m[0], k -> new LinkedHashSet<>()).add(m[1]);
                }
                case "Conflicts" -> conflicts.add(v);
                case "Replaces" -> replaces.add(v);
                case "Global" -> global = Boolean.parseBoolean(v);
                case "target" -> target = Optional.of(v);
                case "desired" -> desired = DesiredState.valueOf(v.toUpperCase());
                case "MemoryMax", "CPUQuota" -> service.add(new UnitOption("Service", kv[0], v));
                default -> throw new IllegalArgumentException("unknown fixture option " + o);
            }
        }
        Map<String, Set<String>> md = metadata.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        Requirements r = new Requirements(machineId, machineOf, md, conflicts, global, replaces);
        return new Unit(name, r, desired, target, ResourceRequests.of(service));
    }

    static ClusterSnapshot snapshot(List<Machine> machines, List<Unit> units) {
        return new ClusterSnapshot(machines, units);
    }

    /** Decisions as short lines: "place a on m1", "unschedule a from m1: why", "unplaceable a: why". */
    static List<String> describe(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Decision d : plan.decisions()) {
            if (d instanceof Decision.Place p) {
                out.add("place " + p.unit() + " on " + p.machine());
            } else if (d instanceof Decision.Unschedule u) {
                out.add("unschedule " + u.unit() + " from " + u.machine() + ": " + u.reason());
            } else {
                out.add("unplaceable " + d.unit() + ": " + d.reason());
            }
        }
        return out;
    }
}
